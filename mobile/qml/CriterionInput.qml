// SPDX-License-Identifier: Apache-2.0
// One rating criterion: a slider and a number box (1-100) that move together.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

ColumnLayout {
    id: criterion
    property string label
    property string hint
    property int value: 1
    property string error
    signal edited(int value)

    spacing: 0
    Label {
        Layout.fillWidth: true
        text: criterion.label
        font.bold: true
        wrapMode: Text.Wrap
    }
    Label {
        Layout.fillWidth: true
        text: criterion.hint
        font.pixelSize: 12
        color: "#757575"
        wrapMode: Text.Wrap
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: 4
        Slider {
            id: slider
            objectName: "slider"
            Layout.fillWidth: true
            from: 1
            to: 100
            stepSize: 1
            snapMode: Slider.SnapAlways
            value: criterion.value
            onMoved: criterion.edited(Math.round(value))
        }
        SpinBox {
            id: spin
            objectName: "spin"
            Layout.preferredWidth: 132
            from: 1
            to: 100
            editable: true
            value: criterion.value
            onValueModified: criterion.edited(value)
        }
    }
    FieldError {
        text: criterion.error
    }
}
