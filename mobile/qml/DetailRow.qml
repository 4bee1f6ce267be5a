// SPDX-License-Identifier: Apache-2.0
// A caption and its value, one under the other (long SKP statements wrap).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    property string label
    property string value
    Layout.fillWidth: true
    visible: value !== ""
    spacing: 2
    Label {
        Layout.fillWidth: true
        text: parent.label
        font.pixelSize: 12
        color: "#757575"
    }
    Label {
        Layout.fillWidth: true
        text: parent.value
        wrapMode: Text.Wrap
    }
}
