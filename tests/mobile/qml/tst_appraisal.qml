// SPDX-License-Identifier: Apache-2.0
// The appraiser (Kepala Bidang) with the demo story: the rating form shows the mean of the three criteria
// as they change, refuses values outside 1..100, and the quarterly evaluation shows the predicate live.
import QtQuick
import QtQuick.Controls
import QtTest
import JejakKinerja

Item {
    id: root
    width: 360
    height: 900

    Component {
        id: ratingPage
        RatingPage {
            width: root.width
            height: root.height
        }
    }
    Component {
        id: evaluationPage
        EvaluationPage {
            width: root.width
            height: root.height
        }
    }

    TestCase {
        name: "Appraisal"
        when: windowShown

        function unrated() {
            for (var i = 0; i < App.appraisals.count; ++i) {
                var row = App.appraisals.get(i);
                if (row.rating.value === undefined)
                    return row;
            }
            return null;
        }

        function test_1_rating_value_follows_the_criteria() {
            verify(App.isAppraiser);
            var activity = unrated();
            verify(activity !== null, "the demo story has an approved, unrated activity");
            var page = createTemporaryObject(ratingPage, root, { activity: activity });
            findChild(page, "substance").edited(60);
            findChild(page, "fit").edited(70);
            findChild(page, "systematic").edited(95);
            compare(page.form.value, 75);
            compare(findChild(page, "valueLabel").text, "75,0");
            var spin = findChild(findChild(page, "fit"), "spin");
            compare(spin.value, 70);
        }

        function test_2_rating_refuses_out_of_range() {
            var page = createTemporaryObject(ratingPage, root, { activity: unrated() });
            page.form.substance = 101;
            page.form.fit = 0;
            page.form.systematic = 50;
            mouseClick(findChild(page, "saveRating"));
            verify(page.form.errors.substance !== undefined);
            verify(page.form.errors.fit !== undefined);
            verify(page.form.errors.systematic === undefined);
            var substance = findChild(page, "substance");
            compare(substance.error, String(page.form.errors.substance));
            verify(unrated() !== null, "nothing was rated");
        }

        function test_3_rating_saves() {
            var activity = unrated();
            var page = createTemporaryObject(ratingPage, root, { activity: activity });
            findChild(page, "substance").edited(80);
            findChild(page, "fit").edited(90);
            findChild(page, "systematic").edited(85);
            mouseClick(findChild(page, "saveRating"));
            compare(Object.keys(page.form.errors).length, 0);
            // The list shows the rating at once (it is sent with the next sync).
            var id = activity.activityId;
            for (var i = 0; i < App.appraisals.count; ++i)
                if (App.appraisals.get(i).activityId === id)
                    compare(App.appraisals.get(i).rating.value, 85);
        }

        function test_4_evaluation_predicate_is_live() {
            var page = createTemporaryObject(evaluationPage, root,
                                             { employeeNip: "199312012017031018", employeeName: "Rinaldi" });
            var label = findChild(page, "predicateLabel");
            mouseClick(findChild(page, "result-above"));
            mouseClick(findChild(page, "behaviour-above"));
            compare(page.form.workResult, "above");
            compare(page.form.workBehaviour, "above");
            verify(page.form.predicate !== "");
            compare(label.text, page.form.predicate);
            var best = label.text;
            mouseClick(findChild(page, "behaviour-below"));
            compare(page.form.workBehaviour, "below");
            compare(label.text, page.form.predicate);
            verify(label.text !== best, "the predicate changes with the behaviour rating");
        }
    }
}
