// SPDX-License-Identifier: Apache-2.0
// The small caption above a group of fields.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

Label {
    Layout.fillWidth: true
    Layout.topMargin: 8
    font.pixelSize: 13
    font.bold: true
    color: Material.primaryColor
    wrapMode: Text.Wrap
}
