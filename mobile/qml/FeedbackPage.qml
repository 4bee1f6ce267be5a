// SPDX-License-Identifier: Apache-2.0
// The feedback thread of one SKP item (umpan balik berkelanjutan) between the employee, the Ketua Tim and
// the appraiser; a message posted offline is sent with the next sync.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja
import "format.js" as Fmt

Page {
    id: page
    property string skpItemId
    property string skpItemName
    property alias model: feedback
    title: qsTr("Umpan Balik")

    function send() {
        var text = composer.text.trim();
        if (text === "")
            return;
        if (feedback.post(text)) {
            composer.text = "";
            errorLabel.text = "";
            thread.positionViewAtEnd();
        } else {
            errorLabel.text = feedback.lastError !== "" ? feedback.lastError : qsTr("Umpan balik belum bisa disimpan.");
        }
    }

    FeedbackModel {
        id: feedback
        skpItemId: page.skpItemId
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Pane {
            Layout.fillWidth: true
            padding: 12
            background: Rectangle { color: "#ECEFF1" }
            Label {
                anchors.left: parent.left
                anchors.right: parent.right
                text: page.skpItemName
                font.pixelSize: 13
                color: "#37474F"
                wrapMode: Text.Wrap
                maximumLineCount: 3
                elide: Text.ElideRight
            }
        }

        ListView {
            id: thread
            objectName: "feedbackThread"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 8
            topMargin: 12
            bottomMargin: 12
            model: feedback
            delegate: Item {
                id: bubble
                required property string authorName
                required property string text
                required property date at
                readonly property bool mine: authorName === App.name
                width: ListView.view.width
                height: box.height
                Pane {
                    id: box
                    x: bubble.mine ? parent.width - width - 12 : 12
                    width: Math.min(parent.width * 0.8, Math.max(body.implicitWidth, meta.implicitWidth) + 28)
                    padding: 12
                    background: Rectangle {
                        radius: 12
                        color: bubble.mine ? "#C8E6C9" : "white"
                        border.color: "#E0E0E0"
                    }
                    ColumnLayout {
                        anchors.left: parent.left
                        anchors.right: parent.right
                        spacing: 4
                        Label {
                            id: meta
                            Layout.fillWidth: true
                            text: bubble.authorName + " · " + Fmt.dateTime(bubble.at, App.language)
                            font.pixelSize: 12
                            color: "#616161"
                            elide: Text.ElideRight
                        }
                        Label {
                            id: body
                            Layout.fillWidth: true
                            text: bubble.text
                            wrapMode: Text.Wrap
                        }
                    }
                }
            }
            EmptyState {
                anchors.centerIn: parent
                visible: thread.count === 0
                symbol: "✉"
                title: qsTr("Belum ada umpan balik")
                hint: qsTr("Tulis catatan pertama di bawah. Pegawai melihatnya setelah sinkron.")
            }
        }

        Label {
            id: errorLabel
            Layout.fillWidth: true
            Layout.leftMargin: 12
            visible: text !== ""
            color: "#C62828"
        }
        Pane {
            Layout.fillWidth: true
            padding: 8
            Material.elevation: 4
            RowLayout {
                anchors.left: parent.left
                anchors.right: parent.right
                spacing: 8
                TextArea {
                    id: composer
                    objectName: "composer"
                    Layout.fillWidth: true
                    wrapMode: TextEdit.Wrap
                    placeholderText: qsTr("Tulis umpan balik…")
                }
                Button {
                    objectName: "sendFeedback"
                    text: qsTr("Kirim")
                    highlighted: true
                    enabled: composer.text.trim() !== ""
                    onClicked: page.send()
                }
            }
        }
    }
}
