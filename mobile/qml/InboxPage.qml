// SPDX-License-Identifier: Apache-2.0
// Ketua Tim: the team's submissions, undecided first. At 600 px and wider the list and the selected
// activity sit side by side (tablet); narrower, a tap opens the activity. "Pilih" turns on multi-select for
// approving several at once. Decisions made offline are queued like everything else.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja

Page {
    id: page
    title: qsTr("Persetujuan Tim")
    readonly property var model: App.inbox
    readonly property bool wide: width >= 600
    property string selectedId: ""
    property var selectedActivity: ({})
    property bool selectMode: false
    property var checkedIds: []
    property int pendingCount: 0
    property alias review: review
    property alias list: list

    property list<Action> toolActions: [
        Action {
            text: page.selectMode ? qsTr("Batal") : qsTr("Pilih")
            enabled: page.pendingCount > 0 || page.selectMode
            onTriggered: {
                page.selectMode = !page.selectMode;
                page.checkedIds = [];
            }
        }
    ]

    // Waiting for this reviewer: submitted, and no decision of this device waiting to be sent.
    function isPending(row) {
        return row.workflowState === "submitted" && row.syncState !== "queued" && row.syncState !== "uploading";
    }
    function refresh() {
        var pending = 0;
        var found = ({});
        for (var i = 0; i < model.count; ++i) {
            var row = model.get(i);
            if (isPending(row))
                ++pending;
            if (row.activityId === selectedId)
                found = row;
        }
        pendingCount = pending;
        if (found.activityId === undefined && wide && model.count > 0) {
            found = model.get(0);
            selectedId = found.activityId;
        }
        selectedActivity = found;
    }
    function select(row) {
        var activity = model.get(row);
        selectedId = activity.activityId;
        selectedActivity = activity;
        if (!wide)
            page.StackView.view.push(Qt.resolvedUrl("ActivityDetailPage.qml"), { activity: activity, reviewMode: true });
    }
    function setChecked(id, on) {
        var ids = checkedIds.filter(function(x) { return x !== id; });
        if (on)
            ids.push(id);
        checkedIds = ids;
    }
    function approveChecked() {
        var wanted = checkedIds.length;
        var done = review.approveMany(checkedIds);
        toast.show(done === wanted ? qsTr("%n kegiatan disetujui.", "", done)
                                   : qsTr("%1 dari %2 disetujui. %3").arg(done).arg(wanted).arg(review.lastError));
        checkedIds = [];
        selectMode = false;
        refresh();
    }

    Component.onCompleted: refresh()
    onWideChanged: refresh()
    Connections {
        target: page.model
        function onCountChanged() { page.refresh(); }
        function onDataChanged() { page.refresh(); }
        function onModelReset() { page.refresh(); }
    }

    ReviewController {
        id: review
    }
    Toast {
        id: toast
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        ColumnLayout {
            Layout.fillHeight: true
            Layout.fillWidth: !page.wide
            Layout.preferredWidth: page.wide ? Math.max(320, page.width * 0.38) : page.width
            spacing: 0

            Pane {
                Layout.fillWidth: true
                padding: 12
                background: Rectangle { color: "#E0F2F1" }
                Label {
                    objectName: "pendingSummary"
                    anchors.left: parent.left
                    anchors.right: parent.right
                    text: page.pendingCount > 0 ? qsTr("%n kegiatan menunggu keputusan Anda", "", page.pendingCount)
                                                : qsTr("Semua kegiatan sudah diputuskan")
                    font.bold: true
                    color: "#004D40"
                    wrapMode: Text.Wrap
                }
            }

            ListView {
                id: list
                objectName: "inboxList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: page.model
                delegate: ActivityCard {
                    showAuthor: true
                    showSync: false
                    selectable: page.selectMode && workflowState === "submitted" && !decisionQueued
                    selected: page.checkedIds.indexOf(activityId) >= 0
                    current: page.wide && activityId === page.selectedId
                    onToggled: function(on) { page.setChecked(activityId, on); }
                    onClicked: selectable ? page.setChecked(activityId, !selected) : page.select(index)
                }
                EmptyState {
                    anchors.centerIn: parent
                    visible: list.count === 0
                    symbol: "✓"
                    title: qsTr("Kotak masuk kosong")
                    hint: qsTr("Kegiatan anggota tim muncul di sini setelah mereka mengirim dan perangkat ini sinkron.")
                }
            }

            Pane {
                Layout.fillWidth: true
                visible: page.selectMode
                padding: 8
                Material.elevation: 4
                Button {
                    objectName: "approveChecked"
                    anchors.left: parent.left
                    anchors.right: parent.right
                    height: 52
                    enabled: page.checkedIds.length > 0
                    highlighted: true
                    text: page.checkedIds.length > 0 ? qsTr("Setujui %n kegiatan", "", page.checkedIds.length)
                                                     : qsTr("Centang kegiatan yang akan disetujui")
                    onClicked: page.approveChecked()
                }
            }
        }

        Rectangle {
            visible: page.wide
            Layout.fillHeight: true
            width: 1
            color: "#E0E0E0"
        }

        Item {
            visible: page.wide
            Layout.fillWidth: true
            Layout.fillHeight: true

            ActivityDetailPage {
                objectName: "inboxDetail"
                anchors.fill: parent
                visible: page.selectedActivity.activityId !== undefined
                activity: page.selectedActivity
                reviewMode: true
                embedded: true
                stackView: page.StackView.view
                onDecided: function(message) {
                    toast.show(message);
                    page.refresh();
                }
            }
            EmptyState {
                anchors.centerIn: parent
                visible: page.selectedActivity.activityId === undefined
                symbol: "☰"
                title: qsTr("Pilih kegiatan di sebelah kiri")
                hint: qsTr("Foto, uraian dan lokasinya tampil di sini.")
            }
        }
    }
}
