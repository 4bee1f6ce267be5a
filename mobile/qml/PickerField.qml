// SPDX-License-Identifier: Apache-2.0
// A form field that picks one entry of `options` ([{id, name, ...}]) in a searchable list. Long SKP item
// statements wrap instead of being cut off, and typing narrows the list.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

ColumnLayout {
    id: picker
    property string label
    property string placeholder
    property var options: []
    property string currentId
    property string error
    property string emptyText: qsTr("Tidak ada pilihan.")
    readonly property string currentName: {
        for (var i = 0; i < options.length; ++i)
            if (options[i].id === currentId)
                return options[i].name;
        return "";
    }
    // The options whose name contains every word typed in the search field.
    readonly property var filtered: {
        var words = search.text.toLowerCase().split(/\s+/).filter(function(w) { return w !== ""; });
        return options.filter(function(option) {
            var name = String(option.name).toLowerCase();
            return words.every(function(w) { return name.indexOf(w) >= 0; });
        });
    }
    property alias searchText: search.text
    property alias dialog: dialog
    signal picked(string id)

    spacing: 4

    Label {
        text: picker.label
        font.pixelSize: 13
        color: "#616161"
    }
    ItemDelegate {
        id: field
        objectName: "pickerButton"
        Layout.fillWidth: true
        Layout.minimumHeight: 52
        topPadding: 10
        bottomPadding: 10
        leftPadding: 12
        rightPadding: 36
        contentItem: Label {
            text: picker.currentName !== "" ? picker.currentName : picker.placeholder
            color: picker.currentName !== "" ? Material.foreground : "#757575"
            wrapMode: Text.Wrap
            maximumLineCount: 3
            elide: Text.ElideRight
        }
        background: Rectangle {
            radius: 4
            color: field.down ? "#EEEEEE" : "transparent"
            border.width: picker.error !== "" ? 2 : 1
            border.color: picker.error !== "" ? "#C62828" : "#9E9E9E"
            Label {
                anchors.right: parent.right
                anchors.rightMargin: 12
                anchors.verticalCenter: parent.verticalCenter
                text: "▾"
                color: "#616161"
            }
        }
        onClicked: {
            search.text = "";
            dialog.open();
        }
    }
    FieldError {
        text: picker.error
    }

    Dialog {
        id: dialog
        parent: Overlay.overlay
        modal: true
        title: picker.label
        x: (parent.width - width) / 2
        y: Math.max(16, (parent.height - height) / 2)
        width: Math.min(parent.width - 24, 560)
        height: Math.min(parent.height - 32, 560)
        standardButtons: Dialog.Cancel

        ColumnLayout {
            anchors.fill: parent
            spacing: 8
            TextField {
                id: search
                objectName: "pickerSearch"
                Layout.fillWidth: true
                placeholderText: qsTr("Cari…")
                visible: picker.options.length > 5
            }
            ListView {
                id: list
                objectName: "pickerList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: picker.filtered
                delegate: ItemDelegate {
                    required property var modelData
                    width: ListView.view.width
                    highlighted: modelData.id === picker.currentId
                    contentItem: ColumnLayout {
                        spacing: 2
                        Label {
                            Layout.fillWidth: true
                            text: modelData.name
                            wrapMode: Text.Wrap
                            font.bold: modelData.id === picker.currentId
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: text !== ""
                            text: modelData.unit !== undefined && modelData.unit !== ""
                                  ? qsTr("Satuan: %1").arg(modelData.unit) : ""
                            font.pixelSize: 12
                            color: "#757575"
                        }
                    }
                    onClicked: {
                        picker.picked(modelData.id);
                        dialog.close();
                    }
                }
                Label {
                    anchors.centerIn: parent
                    width: parent.width - 32
                    visible: list.count === 0
                    text: picker.options.length === 0 ? picker.emptyText : qsTr("Tidak ada yang cocok dengan pencarian.")
                    wrapMode: Text.Wrap
                    horizontalAlignment: Text.AlignHCenter
                    color: "#757575"
                }
            }
        }
    }
}
