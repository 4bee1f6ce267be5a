// SPDX-License-Identifier: Apache-2.0
// Realisation against target per SKP item: for the employee ("7 dari 17 laporan"), and for a Ketua Tim per
// team item. Pending activities (not yet approved) are counted apart.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja
import "format.js" as Fmt

Page {
    id: page
    title: qsTr("Progres SKP")
    readonly property var model: App.progress

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TabBar {
            objectName: "modeBar"
            Layout.fillWidth: true
            visible: App.isKetua
            currentIndex: page.model.mode === "team" ? 1 : 0
            TabButton {
                text: qsTr("SKP saya")
                onClicked: page.model.mode = "employee"
            }
            TabButton {
                text: qsTr("Tim saya")
                onClicked: page.model.mode = "team"
            }
        }

        ListView {
            id: list
            objectName: "progressList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: page.model
            topMargin: 8
            bottomMargin: 8
            spacing: 8
            delegate: Pane {
                id: row
                required property string skpItemName
                required property string teamName
                required property double target
                required property double realised
                required property string unit
                required property double percent
                required property int pending
                readonly property color tone: percent >= 100 ? "#2E7D32" : (percent >= 50 ? "#00897B" : "#F9A825")
                width: Math.min(ListView.view.width - 24, 760)
                x: (ListView.view.width - width) / 2
                padding: 14
                Material.elevation: 1
                background: Rectangle {
                    radius: 10
                    color: "white"
                    border.color: "#E0E0E0"
                }
                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    spacing: 6
                    Label {
                        Layout.fillWidth: true
                        text: row.skpItemName
                        wrapMode: Text.Wrap
                        maximumLineCount: 3
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: row.teamName !== ""
                        text: row.teamName
                        font.pixelSize: 12
                        color: "#757575"
                        elide: Text.ElideRight
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            objectName: "realisation"
                            Layout.fillWidth: true
                            text: qsTr("%1 dari %2 %3").arg(Fmt.quantity(row.realised, App.language))
                                  .arg(Fmt.quantity(row.target, App.language)).arg(row.unit)
                            font.pixelSize: 17
                            font.bold: true
                        }
                        Label {
                            text: Fmt.number(row.percent, 0, App.language) + "%"
                            font.pixelSize: 17
                            font.bold: true
                            color: row.tone
                        }
                    }
                    ProgressBar {
                        Layout.fillWidth: true
                        from: 0
                        to: 100
                        value: Math.min(100, row.percent)
                        Material.accent: row.tone
                    }
                    Label {
                        visible: row.pending > 0
                        text: qsTr("+%n menunggu persetujuan", "", row.pending)
                        font.pixelSize: 12
                        color: "#8D6E00"
                    }
                }
            }
            EmptyState {
                anchors.centerIn: parent
                visible: list.count === 0
                symbol: "▤"
                title: qsTr("Belum ada target")
                hint: qsTr("Butir SKP dan targetnya muncul setelah sinkron pertama.")
            }
        }
    }
}
