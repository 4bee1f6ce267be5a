// SPDX-License-Identifier: Apache-2.0
// The Ketua Tim PAK's inbox (tablet width, master-detail) with the demo story: approve, return with a note
// (not possible without one) and bulk approve go through the ReviewController; the list shows each decision
// as waiting to be sent, and after a sync with the real server the activities carry the decided states.
import QtQuick
import QtQuick.Controls
import QtTest
import JejakKinerja

Item {
    id: root
    width: 1000
    height: 700

    Component {
        id: inboxPage
        InboxPage {
            width: root.width
            height: root.height
        }
    }

    TestCase {
        name: "Inbox"
        when: windowShown

        function rowOf(id) {
            for (var i = 0; i < App.inbox.count; ++i)
                if (App.inbox.get(i).activityId === id)
                    return App.inbox.get(i);
            return null;
        }
        property var decided: ({})

        function firstPending() {
            for (var i = 0; i < App.inbox.count; ++i) {
                var row = App.inbox.get(i);
                if (row.workflowState === "submitted" && row.syncState === "synced")
                    return i;
            }
            return -1;
        }

        function test_1_approve_from_the_detail_pane() {
            verify(App.isKetua);
            var page = createTemporaryObject(inboxPage, root);
            verify(page.wide);
            compare(page.pendingCount, 3, "the demo story leaves three activities waiting");
            var summary = findChild(page, "pendingSummary");
            verify(summary.text.indexOf("3") >= 0, summary.text);

            var row = firstPending();
            page.select(row);
            var id = page.selectedId;
            var detail = findChild(page, "inboxDetail");
            compare(detail.activity.activityId, id);
            var approve = findChild(detail, "approveButton");
            verify(approve.visible);
            var queuedBefore = App.queuedCount;
            mouseClick(approve);
            tryCompare(page, "pendingCount", 2);
            compare(rowOf(id).syncState, "queued", "the decision waits in the outbox");
            verify(App.queuedCount > queuedBefore);
            verify(!detail.decidable, "no second decision on the same activity");
            decided[id] = "approved";
        }

        function test_2_return_needs_a_note() {
            var page = createTemporaryObject(inboxPage, root);
            page.select(firstPending());
            var id = page.selectedId;
            var detail = findChild(page, "inboxDetail");
            mouseClick(findChild(detail, "returnButton"));
            var dialog = findChild(detail, "returnDialog");
            tryVerify(function() { return dialog.opened; });
            var accept = findChild(dialog, "reasonAccept");
            verify(!accept.enabled, "no return without a note");
            findChild(dialog, "reasonText").text = "Foto kurang jelas, ulangi pemindaian.";
            verify(accept.enabled);
            mouseClick(accept);
            tryCompare(page, "pendingCount", 1);
            compare(rowOf(id).syncState, "queued");
            compare(rowOf(id).reviewNote, "Foto kurang jelas, ulangi pemindaian.");
            decided[id] = "returned";
        }

        function test_3_bulk_approve() {
            var page = createTemporaryObject(inboxPage, root);
            compare(page.pendingCount, 1);
            page.toolActions[0].trigger();
            verify(page.selectMode);
            var id = App.inbox.get(firstPending()).activityId;
            page.setChecked(id, true);
            var button = findChild(page, "approveChecked");
            verify(button.enabled);
            mouseClick(button);
            tryCompare(page, "pendingCount", 0);
            verify(!page.selectMode);
            compare(findChild(page, "pendingSummary").text, "Semua kegiatan sudah diputuskan");
            decided[id] = "approved";
        }

        function test_4_sync_sends_the_decisions() {
            compare(Object.keys(decided).length, 3);
            App.syncNow();
            tryVerify(function() { return !App.syncing && App.queuedCount === 0; }, 60000);
            compare(App.lastError, "");
            for (var id in decided) {
                compare(rowOf(id).workflowState, decided[id], id);
                compare(rowOf(id).syncState, decided[id] === "returned" ? "returned" : "synced", id);
            }
        }
    }
}
