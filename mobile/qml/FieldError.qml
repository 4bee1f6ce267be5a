// SPDX-License-Identifier: Apache-2.0
// The inline message under a form field (red); hidden when there is none.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Label {
    Layout.fillWidth: true
    visible: text !== ""
    color: "#C62828"
    font.pixelSize: 13
    wrapMode: Text.Wrap
}
