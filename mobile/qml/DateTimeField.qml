// SPDX-License-Identifier: Apache-2.0
// Date and time entry (dd/mm/yyyy and hh:mm) for the activity's start and end; emits edited() with the
// parsed value, or shows a local message when the text is not a date.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: field
    property string label
    property date value
    property string error
    property string parseError
    property alias dateText: dateInput.text
    property alias timeText: timeInput.text
    signal edited(date value)

    function refresh() {
        if (isNaN(value.getTime()))
            return;
        dateInput.text = Qt.formatDate(value, "dd/MM/yyyy");
        timeInput.text = Qt.formatTime(value, "HH:mm");
    }
    function commit() {
        var parsed = Date.fromLocaleString(Qt.locale("C"), dateInput.text + " " + timeInput.text, "dd/MM/yyyy HH:mm");
        if (isNaN(parsed.getTime())) {
            parseError = qsTr("Tulis tanggal sebagai hh/bb/tttt dan jam sebagai jj:mm, misalnya 15/03/2023 08:00.");
            return;
        }
        parseError = "";
        edited(parsed);
    }

    onValueChanged: refresh()
    Component.onCompleted: refresh()
    spacing: 4

    Label {
        text: field.label
        font.pixelSize: 13
        color: "#616161"
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        TextField {
            id: dateInput
            objectName: "dateInput"
            Layout.fillWidth: true
            Layout.preferredWidth: 3
            inputMask: "99/99/9999"
            inputMethodHints: Qt.ImhDigitsOnly
            placeholderText: qsTr("hh/bb/tttt")
            onEditingFinished: field.commit()
        }
        TextField {
            id: timeInput
            objectName: "timeInput"
            Layout.fillWidth: true
            Layout.preferredWidth: 2
            inputMask: "99:99"
            inputMethodHints: Qt.ImhDigitsOnly
            placeholderText: qsTr("jj:mm")
            onEditingFinished: field.commit()
        }
    }
    FieldError {
        text: field.parseError !== "" ? field.parseError : field.error
    }
}
