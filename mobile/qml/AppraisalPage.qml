// SPDX-License-Identifier: Apache-2.0
// Pejabat Penilai Kinerja: the approved activities of the people they appraise, grouped per person, with a
// way into each rating, the feedback thread of its SKP item and the person's quarterly evaluation.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja

Page {
    id: page
    title: qsTr("Penilaian Kinerja")
    readonly property var model: App.appraisals

    ListView {
        id: list
        objectName: "appraisalList"
        anchors.fill: parent
        clip: true
        model: page.model
        section.property: "authorName"
        section.criteria: ViewSection.FullString
        section.delegate: Pane {
            id: header
            required property string section
            width: ListView.view.width
            padding: 8
            leftPadding: 16
            background: Rectangle { color: "#ECEFF1" }
            RowLayout {
                anchors.left: parent.left
                anchors.right: parent.right
                Label {
                    Layout.fillWidth: true
                    text: header.section
                    font.bold: true
                    elide: Text.ElideRight
                }
                Button {
                    text: qsTr("Evaluasi")
                    flat: true
                    font.pixelSize: 13
                    onClicked: {
                        for (var i = 0; i < page.model.count; ++i) {
                            var row = page.model.get(i);
                            if (row.authorName === header.section) {
                                page.StackView.view.push(Qt.resolvedUrl("EvaluationPage.qml"),
                                                         { employeeNip: row.authorNip, employeeName: row.authorName,
                                                           referenceDate: row.start });
                                return;
                            }
                        }
                    }
                }
            }
        }
        delegate: ActivityCard {
            showSync: false
            onClicked: page.StackView.view.push(Qt.resolvedUrl("RatingPage.qml"), { activity: page.model.get(index) })
        }

        EmptyState {
            anchors.centerIn: parent
            visible: list.count === 0
            symbol: "★"
            title: qsTr("Belum ada kegiatan untuk dinilai")
            hint: qsTr("Kegiatan pegawai yang Anda nilai muncul di sini setelah disetujui Ketua Tim.")
        }
    }
}
