// SPDX-License-Identifier: Apache-2.0
// One activity in full: SKP link, time, quantity, description, photos (tap for the full-size viewer),
// location, the server's flags, the reviewer's note and the rating. In review mode (Ketua Tim) it ends with
// approve / return with a note / reject with a reason; it is also the right-hand pane of the tablet inbox.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja
import "format.js" as Fmt

Page {
    id: page
    property var activity: ({})
    property bool reviewMode: false
    property bool embedded: false
    property var stackView: StackView.view
    property alias review: review
    readonly property bool decisionQueued: activity.syncState === "queued" || activity.syncState === "uploading"
    readonly property bool decidable: reviewMode && activity.workflowState === "submitted" && !decisionQueued
    signal decided(string message)

    title: activity.name !== undefined ? activity.name : ""

    function finishDecision(ok, message) {
        if (!ok) {
            errorLabel.text = review.lastError;
            return;
        }
        errorLabel.text = "";
        page.decided(message);
        if (!embedded && stackView)
            stackView.pop();
    }
    function approve() {
        finishDecision(review.approve(activity.activityId), qsTr("Kegiatan disetujui."));
    }
    function returnWithNote(note) {
        finishDecision(review.returnActivity(activity.activityId, note), qsTr("Kegiatan dikembalikan untuk diperbaiki."));
    }
    function rejectWithReason(reason) {
        finishDecision(review.reject(activity.activityId, reason), qsTr("Kegiatan ditolak."));
    }
    function openPhoto(index) {
        if (stackView)
            stackView.push(Qt.resolvedUrl("PhotoViewer.qml"),
                           { photos: activity.photos, index: index, title: activity.name });
    }

    ReviewController {
        id: review
    }

    ReasonDialog {
        id: returnDialog
        objectName: "returnDialog"
        title: qsTr("Kembalikan untuk diperbaiki")
        hint: qsTr("Tulis apa yang perlu diperbaiki. Catatan ini muncul di atas daftar kegiatan pegawai.")
        acceptText: qsTr("Kembalikan")
        onSubmitted: function(text) { page.returnWithNote(text); }
    }
    ReasonDialog {
        id: rejectDialog
        objectName: "rejectDialog"
        title: qsTr("Tolak kegiatan")
        hint: qsTr("Tulis alasan penolakan. Kegiatan yang ditolak tidak dihitung sebagai realisasi.")
        acceptText: qsTr("Tolak")
        onSubmitted: function(text) { page.rejectWithReason(text); }
    }

    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        clip: true
        ScrollIndicator.vertical: ScrollIndicator {}

        ColumnLayout {
            id: column
            width: Math.min(flick.width - 32, 720)
            x: (flick.width - width) / 2
            y: 16
            spacing: 10

            Label {
                Layout.fillWidth: true
                visible: page.reviewMode
                text: page.activity.authorName !== undefined ? page.activity.authorName : ""
                font.bold: true
                color: Material.primaryColor
            }
            Label {
                Layout.fillWidth: true
                visible: page.embedded
                text: page.title
                font.pixelSize: 20
                font.bold: true
                wrapMode: Text.Wrap
            }
            Flow {
                Layout.fillWidth: true
                spacing: 6
                StateChip {
                    visible: !page.reviewMode || page.activity.syncState === "error"
                    text: page.activity.syncStateLabel !== undefined ? page.activity.syncStateLabel : ""
                    tint: Fmt.syncColor(page.activity.syncState)
                }
                StateChip {
                    visible: page.reviewMode && page.decisionQueued
                    text: qsTr("Keputusan menunggu dikirim")
                    tint: "#8D6E00"
                }
                WorkflowChip {
                    visible: !(page.reviewMode && page.decisionQueued) && workflow !== ""
                             && (page.reviewMode || page.activity.workflowState !== page.activity.syncState)
                    workflow: page.activity.workflowState !== undefined ? page.activity.workflowState : ""
                }
            }

            DetailRow {
                label: qsTr("Tim Kerja")
                value: page.activity.teamName !== undefined && page.activity.teamName !== "" ? page.activity.teamName
                                                                                          : qsTr("Tugas individu")
            }
            DetailRow {
                label: qsTr("Butir SKP")
                value: page.activity.skpItemName !== undefined ? page.activity.skpItemName : ""
            }
            DetailRow {
                label: qsTr("Waktu")
                value: Fmt.range(page.activity.start, page.activity.end, App.language)
            }
            DetailRow {
                label: qsTr("Hasil")
                value: page.activity.outputQuantity !== undefined
                       ? Fmt.quantity(page.activity.outputQuantity, App.language) + " " + page.activity.outputUnit : ""
            }
            DetailRow {
                label: qsTr("Uraian")
                value: page.activity.description !== undefined ? page.activity.description : ""
            }
            DetailRow {
                label: qsTr("Lokasi")
                value: page.activity.hasLocation
                       ? Fmt.number(page.activity.latitude, 5, "en") + ", " + Fmt.number(page.activity.longitude, 5, "en")
                       : qsTr("Tidak dicatat")
            }

            SectionTitle {
                text: qsTr("Foto bukti")
            }
            Flow {
                objectName: "detailPhotos"
                Layout.fillWidth: true
                spacing: 8
                Repeater {
                    model: page.activity.photos !== undefined ? page.activity.photos : []
                    delegate: Image {
                        required property string modelData
                        required property int index
                        width: page.embedded ? 140 : 104
                        height: width
                        source: Fmt.thumb(modelData)
                        sourceSize.width: 280
                        sourceSize.height: 280
                        fillMode: Image.PreserveAspectCrop
                        asynchronous: true
                        Rectangle {
                            anchors.fill: parent
                            color: "transparent"
                            border.color: "#BDBDBD"
                            visible: parent.status !== Image.Ready
                            Label {
                                anchors.centerIn: parent
                                text: qsTr("memuat…")
                                font.pixelSize: 12
                                color: "#9E9E9E"
                            }
                        }
                        TapHandler {
                            onTapped: page.openPhoto(index)
                        }
                    }
                }
                Label {
                    visible: page.activity.photos === undefined || page.activity.photos.length === 0
                    text: qsTr("Tidak ada foto.")
                    color: "#757575"
                }
            }

            Pane {
                Layout.fillWidth: true
                visible: page.activity.flags !== undefined && page.activity.flags.length > 0
                padding: 12
                background: Rectangle {
                    radius: 8
                    color: "#FFF8E1"
                    border.color: "#FFE082"
                }
                Label {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    text: page.activity.flags !== undefined ? "⚠ " + page.activity.flags.join("\n⚠ ") : ""
                    color: "#5D4037"
                    wrapMode: Text.Wrap
                }
            }
            Pane {
                Layout.fillWidth: true
                visible: page.activity.reviewNote !== undefined && page.activity.reviewNote !== ""
                padding: 12
                background: Rectangle {
                    radius: 8
                    color: "#FBE9E7"
                    border.color: "#FFAB91"
                }
                Label {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    text: qsTr("Catatan Ketua Tim: %1").arg(page.activity.reviewNote)
                    color: "#BF360C"
                    wrapMode: Text.Wrap
                }
            }
            Label {
                Layout.fillWidth: true
                visible: page.activity.errorMessage !== undefined && page.activity.errorMessage !== ""
                text: page.activity.errorMessage !== undefined ? page.activity.errorMessage : ""
                color: "#C62828"
                wrapMode: Text.Wrap
            }
            DetailRow {
                visible: page.activity.rating !== undefined && page.activity.rating.value !== undefined
                label: qsTr("Nilai")
                value: visible ? qsTr("%1 (substansi %2 · kesesuaian %3 · sistematika %4)")
                                 .arg(Fmt.number(page.activity.rating.value, 1, App.language))
                                 .arg(page.activity.rating.substance).arg(page.activity.rating.fit)
                                 .arg(page.activity.rating.systematic) : ""
            }
            Button {
                visible: !page.reviewMode && (page.activity.syncState === "draft" || page.activity.syncState === "returned")
                text: qsTr("Perbaiki kegiatan")
                highlighted: true
                onClicked: page.stackView.push(Qt.resolvedUrl("ActivityFormPage.qml"),
                                               { activityId: page.activity.activityId })
            }
            Label {
                id: errorLabel
                objectName: "reviewError"
                Layout.fillWidth: true
                visible: text !== ""
                color: "#C62828"
                wrapMode: Text.Wrap
            }
        }
    }

    footer: Pane {
        visible: page.decidable
        padding: 8
        Material.elevation: 4
        RowLayout {
            anchors.left: parent.left
            anchors.right: parent.right
            spacing: 6
            Button {
                objectName: "rejectButton"
                Layout.fillWidth: true
                Layout.preferredHeight: 52
                text: qsTr("Tolak")
                flat: true
                Material.foreground: "#B71C1C"
                onClicked: rejectDialog.ask()
            }
            Button {
                objectName: "returnButton"
                Layout.fillWidth: true
                Layout.preferredHeight: 52
                text: qsTr("Kembalikan")
                flat: true
                Material.foreground: "#E65100"
                onClicked: returnDialog.ask()
            }
            Button {
                objectName: "approveButton"
                Layout.fillWidth: true
                Layout.preferredHeight: 52
                text: qsTr("Setujui")
                highlighted: true
                onClicked: page.approve()
            }
        }
    }
}
