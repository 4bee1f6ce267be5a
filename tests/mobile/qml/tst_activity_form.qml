// SPDX-License-Identifier: Apache-2.0
// The activity form as the field employee (demo-pegawai, anggota of PAK and PIA): the shared rules' messages
// appear inline in Indonesian, the description counter counts to 300 and turns red past it, the team picker
// offers only the person's teams and the SKP picker only the items linked to the chosen team.
import QtQuick
import QtQuick.Controls
import QtTest
import JejakKinerja

Item {
    id: root
    width: 360
    height: 640

    Component {
        id: formPage
        ActivityFormPage {
            width: root.width
            height: root.height
        }
    }

    TestCase {
        name: "ActivityForm"
        when: windowShown

        function ids(options) {
            return options.map(function(o) { return o.id; }).sort();
        }

        function test_empty_submit_shows_indonesian_errors() {
            verify(App.loggedIn, "the runner logged the employee in");
            var page = createTemporaryObject(formPage, root);
            var submit = findChild(page, "submit");
            verify(submit);
            mouseClick(submit);
            verify(!page.form.valid);
            var nameError = findChild(page, "nameError");
            tryVerify(function() { return nameError.visible; });
            compare(nameError.text, page.form.errors.name);
            verify(nameError.text.length > 0);
            var summary = findChild(page, "errorSummary");
            verify(summary.visible);
            // The rules speak Indonesian by default: no English words in the message.
            verify(!/\b(required|must|missing|invalid)\b/i.test(nameError.text), nameError.text);
            compare(App.language, "id");
            // Nothing was saved.
            compare(page.activityId, "");
        }

        function test_description_counter() {
            var page = createTemporaryObject(formPage, root);
            var counter = findChild(page, "descriptionCounter");
            var description = findChild(page, "descriptionField");
            compare(counter.text, "0 / 300");
            description.text = "Menata arsip. ";
            compare(page.form.description, "Menata arsip. ");
            compare(counter.text, "14 / 300");
            description.text = "é".repeat(300);
            compare(counter.text, "300 / 300", "code points, not bytes");
            verify(!Qt.colorEqual(counter.color, "#C62828"));
            description.text = "a".repeat(301);
            compare(counter.text, "301 / 300");
            verify(Qt.colorEqual(counter.color, "#C62828"));
            mouseClick(findChild(page, "submit"));
            var error = findChild(page, "descriptionError");
            tryVerify(function() { return error.visible; });
            compare(error.text, page.form.errors.description);
        }

        function test_pickers_filter_by_team() {
            var page = createTemporaryObject(formPage, root);
            var team = findChild(page, "teamPicker");
            var skp = findChild(page, "skpPicker");
            // Only the employee's own active teams (PAK and PIA), plus "no team".
            compare(ids(page.form.teamOptions), ["team-pak", "team-pia"]);
            compare(team.options.length, 3);

            team.picked("team-pak");
            compare(page.form.teamId, "team-pak");
            compare(ids(skp.options), ["si-2023-a8-1", "si-2023-a8-2"]);
            team.picked("team-pia");
            compare(ids(skp.options), ["si-2023-a8-3"]);

            team.picked("team-pak");
            skp.picked("si-2023-a8-2");
            compare(page.form.outputUnit, "Dokumen");
            compare(findChild(page, "unitLabel").text, "Dokumen");
            // Switching to a team the item is not linked to clears the item.
            team.picked("team-pia");
            compare(page.form.skpItemId, "");
        }

        function test_picker_search_narrows_the_list() {
            var page = createTemporaryObject(formPage, root);
            var team = findChild(page, "teamPicker");
            var skp = findChild(page, "skpPicker");
            team.picked("team-pak");
            mouseClick(findChild(skp, "pickerButton"));
            tryVerify(function() { return skp.dialog.opened; });
            compare(skp.filtered.length, 2);
            skp.searchText = "arsip";
            compare(skp.filtered.length, 1);
            compare(skp.filtered[0].id, "si-2023-a8-2");
            skp.searchText = "tidak ada yang seperti ini";
            compare(skp.filtered.length, 0);
            skp.dialog.close();
        }
    }
}
