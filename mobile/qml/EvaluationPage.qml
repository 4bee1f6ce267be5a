// SPDX-License-Identifier: Apache-2.0
// The quarterly evaluation of one employee: the rating of work results and of work behaviour, each above /
// as / below expectation, and the predicate of PermenPANRB 6/2022 shown as soon as both are chosen.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja

Page {
    id: page
    property string employeeNip
    property string employeeName
    property alias form: evaluation
    title: qsTr("Evaluasi Triwulan")

    readonly property var levels: [
        { value: "above", label: qsTr("Di atas ekspektasi") },
        { value: "as", label: qsTr("Sesuai ekspektasi") },
        { value: "below", label: qsTr("Di bawah ekspektasi") }
    ]
    // Colour of the predicate from the two ratings (the label itself comes translated from C++).
    readonly property color predicateColor: {
        var r = evaluation.workResult, b = evaluation.workBehaviour;
        if (r === "" || b === "")
            return "#9E9E9E";
        if (r === "above" && b === "above")
            return "#1B5E20";
        if (r !== "below" && b !== "below")
            return "#2E7D32";
        if (r !== "below")
            return "#E65100";
        return b === "below" ? "#B71C1C" : "#C62828";
    }
    function errorOf(field) {
        return evaluation.errors[field] !== undefined ? String(evaluation.errors[field]) : "";
    }

    EvaluationForm {
        id: evaluation
        employeeNip: page.employeeNip
    }
    // The quarter shown first: that of the employee's activity the appraiser came from, else today's.
    property date referenceDate: new Date()
    Component.onCompleted: {
        evaluation.year = referenceDate.getFullYear();
        evaluation.quarter = Math.floor(referenceDate.getMonth() / 3) + 1;
    }
    Toast {
        id: toast
    }

    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        clip: true
        ScrollIndicator.vertical: ScrollIndicator {}

        ColumnLayout {
            id: column
            width: Math.min(flick.width - 32, 640)
            x: (flick.width - width) / 2
            y: 16
            spacing: 12

            Label {
                Layout.fillWidth: true
                text: page.employeeName
                font.pixelSize: 18
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                text: qsTr("NIP %1").arg(page.employeeNip)
                color: "#616161"
                font.pixelSize: 13
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                Label {
                    text: qsTr("Tahun")
                }
                SpinBox {
                    objectName: "yearBox"
                    from: 2020
                    to: 2100
                    value: evaluation.year
                    textFromValue: function(value) { return String(value); }
                    onValueModified: evaluation.year = value
                }
            }
            Label {
                text: qsTr("Triwulan")
                font.pixelSize: 13
                color: "#616161"
            }
            TabBar {
                objectName: "quarterBar"
                Layout.fillWidth: true
                currentIndex: evaluation.quarter - 1
                Repeater {
                    model: 4
                    delegate: TabButton {
                        required property int index
                        text: ["I", "II", "III", "IV"][index]
                        font.pixelSize: 13
                        onClicked: evaluation.quarter = index + 1
                    }
                }
            }
            FieldError {
                text: [page.errorOf("year"), page.errorOf("quarter"), page.errorOf("employeeNip")]
                      .filter(function(t) { return t !== ""; }).join("\n")
            }

            SectionTitle {
                text: qsTr("Rating hasil kerja")
            }
            Repeater {
                model: page.levels
                delegate: RadioButton {
                    required property var modelData
                    objectName: "result-" + modelData.value
                    Layout.fillWidth: true
                    text: modelData.label
                    checked: evaluation.workResult === modelData.value
                    onClicked: evaluation.workResult = modelData.value
                }
            }
            FieldError {
                text: page.errorOf("workResult")
            }

            SectionTitle {
                text: qsTr("Rating perilaku kerja")
            }
            Repeater {
                model: page.levels
                delegate: RadioButton {
                    required property var modelData
                    objectName: "behaviour-" + modelData.value
                    Layout.fillWidth: true
                    text: modelData.label
                    checked: evaluation.workBehaviour === modelData.value
                    onClicked: evaluation.workBehaviour = modelData.value
                }
            }
            FieldError {
                text: page.errorOf("workBehaviour")
            }

            Label {
                text: qsTr("Catatan untuk pegawai")
                font.pixelSize: 13
                color: "#616161"
            }
            TextArea {
                objectName: "noteField"
                Layout.fillWidth: true
                Layout.minimumHeight: 96
                wrapMode: TextEdit.Wrap
                text: evaluation.note
                placeholderText: qsTr("Umpan balik dan hal yang perlu ditingkatkan (opsional)")
                onTextChanged: if (text !== evaluation.note) evaluation.note = text
            }
            FieldError {
                text: page.errorOf("note")
            }
        }
    }

    // The predicate stays in view while the two ratings are chosen.
    footer: Pane {
        padding: 8
        Material.elevation: 4
        RowLayout {
            anchors.left: parent.left
            anchors.right: parent.right
            spacing: 8
            Rectangle {
                objectName: "predicateCard"
                Layout.fillWidth: true
                Layout.preferredHeight: 52
                radius: 8
                color: page.predicateColor
                ColumnLayout {
                    anchors.fill: parent
                    anchors.leftMargin: 12
                    anchors.rightMargin: 8
                    spacing: 0
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Predikat kinerja")
                        color: "white"
                        font.pixelSize: 11
                    }
                    Label {
                        objectName: "predicateLabel"
                        Layout.fillWidth: true
                        text: evaluation.predicate !== "" ? evaluation.predicate : qsTr("Pilih kedua rating")
                        color: "white"
                        font.pixelSize: 18
                        font.bold: true
                        elide: Text.ElideRight
                    }
                }
            }
            Button {
                objectName: "saveEvaluation"
                Layout.preferredHeight: 52
                text: qsTr("Simpan")
                highlighted: true
                onClicked: {
                    if (evaluation.submit())
                        toast.show(qsTr("Evaluasi tersimpan dan akan dikirim."));
                }
            }
        }
    }
}
