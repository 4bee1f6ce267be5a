// SPDX-License-Identifier: Apache-2.0
// My activities: every record with its sync state, returned ones first as tasks to fix, a filter by state,
// and the button that starts a new activity.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja

Page {
    id: page
    title: qsTr("Kegiatan Saya")
    readonly property var model: App.myActivities
    readonly property var filters: [
        { value: "", label: qsTr("Semua") },
        { value: "returned", label: qsTr("Perlu diperbaiki") },
        { value: "draft", label: qsTr("Draf") },
        { value: "queued", label: qsTr("Menunggu dikirim") },
        { value: "synced", label: qsTr("Terkirim") },
        { value: "rejected", label: qsTr("Ditolak") },
        { value: "error", label: qsTr("Gagal") }
    ]

    function openForm(activityId) {
        page.StackView.view.push(Qt.resolvedUrl("ActivityFormPage.qml"), { activityId: activityId });
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ListView {
            id: filterBar
            objectName: "filterBar"
            Layout.fillWidth: true
            Layout.preferredHeight: 52
            orientation: ListView.Horizontal
            spacing: 8
            leftMargin: 12
            rightMargin: 12
            clip: true
            model: page.filters
            delegate: AbstractButton {
                id: chip
                required property var modelData
                readonly property bool active: page.model.filter === modelData.value
                objectName: "filter-" + (modelData.value === "" ? "all" : modelData.value)
                anchors.verticalCenter: parent ? parent.verticalCenter : undefined
                height: 36
                leftPadding: 14
                rightPadding: 14
                contentItem: Label {
                    text: chip.modelData.label
                    font.pixelSize: 14
                    font.bold: chip.active
                    color: chip.active ? "white" : "#37474F"
                    verticalAlignment: Text.AlignVCenter
                }
                background: Rectangle {
                    radius: 18
                    color: chip.active ? Material.primaryColor : (chip.down ? "#E0E0E0" : "white")
                    border.color: chip.active ? Material.primaryColor : "#B0BEC5"
                }
                onClicked: page.model.filter = modelData.value
            }
        }

        ListView {
            id: list
            objectName: "activityList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: page.model
            bottomMargin: 88
            delegate: ActivityCard {
                onClicked: {
                    var activity = page.model.get(index);
                    if (syncState === "returned" || syncState === "draft")
                        page.openForm(activityId);
                    else
                        page.StackView.view.push(Qt.resolvedUrl("ActivityDetailPage.qml"), { activity: activity });
                }
            }

            EmptyState {
                anchors.centerIn: parent
                visible: list.count === 0
                symbol: page.model.filter === "" ? "✎" : "✓"
                title: page.model.filter === "" ? qsTr("Belum ada kegiatan") : qsTr("Tidak ada kegiatan dengan status ini")
                hint: page.model.filter === ""
                      ? qsTr("Ketuk + untuk mencatat kegiatan pertama. Kegiatan tersimpan di perangkat dan dikirim otomatis saat ada sinyal.")
                      : qsTr("Pilih \"Semua\" untuk melihat seluruh kegiatan.")
            }
        }
    }

    RoundButton {
        objectName: "newActivity"
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 16
        width: 64
        height: 64
        text: "+"
        font.pixelSize: 30
        highlighted: true
        Material.elevation: 6
        onClicked: page.openForm("")
    }
}
