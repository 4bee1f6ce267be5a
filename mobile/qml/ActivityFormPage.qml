// SPDX-License-Identifier: Apache-2.0
// New activity, or fixing a draft or a returned one: team, SKP item (Rencana Hasil Kerja), output quantity
// with the item's unit, start and end, description with a live counter, photos, an optional document and
// the location. The shared rules' messages appear under the fields they are about.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Dialogs
import QtQuick.Layouts
import JejakKinerja

Page {
    id: page
    property string activityId
    property alias form: form
    title: activityId === "" ? qsTr("Kegiatan Baru") : qsTr("Perbaiki Kegiatan")

    readonly property var errors: form.errors
    readonly property int errorCount: Object.keys(form.errors).length
    function errorOf(field) {
        return form.errors[field] !== undefined ? String(form.errors[field]) : "";
    }
    function parseQuantity(text) {
        var value = Number(String(text).replace(",", "."));
        return isNaN(value) ? 0 : value;
    }
    function finish(ok) {
        if (ok)
            if (page.StackView.view) page.StackView.view.pop();
        else
            flick.contentY = 0;
    }

    ActivityForm {
        id: form
    }
    Component.onCompleted: {
        if (activityId !== "")
            form.load(activityId);
    }

    Toast {
        id: toast
    }

    FileDialog {
        id: photoDialog
        title: qsTr("Pilih foto bukti")
        nameFilters: [qsTr("Foto (*.jpg *.jpeg *.png)")]
        onAccepted: {
            if (!form.addPhotoFile(selectedFile))
                toast.show(page.errorOf("evidence") !== "" ? page.errorOf("evidence") : qsTr("Foto tidak bisa dibaca."));
        }
    }
    FileDialog {
        id: attachmentDialog
        title: qsTr("Pilih dokumen")
        nameFilters: [qsTr("Dokumen (*.pdf *.doc *.docx *.xls *.xlsx *.odt)"), qsTr("Semua berkas (*)")]
        onAccepted: {
            if (!form.setAttachmentFile(selectedFile))
                toast.show(qsTr("Dokumen tidak bisa dilampirkan."));
        }
    }
    Loader {
        id: camera
        source: Qt.resolvedUrl("CameraCapture.qml")
        readonly property bool available: status === Loader.Ready && item.available
    }
    Connections {
        target: camera.item
        ignoreUnknownSignals: true
        function onCaptured(file) {
            if (!form.addPhotoFile(file))
                toast.show(page.errorOf("evidence"));
        }
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

            Pane {
                objectName: "errorSummary"
                Layout.fillWidth: true
                visible: page.errorCount > 0
                padding: 12
                background: Rectangle {
                    radius: 8
                    color: "#FFEBEE"
                    border.color: "#EF9A9A"
                }
                Label {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    text: qsTr("Periksa %n isian yang ditandai merah sebelum menyimpan.", "", page.errorCount)
                    color: "#B71C1C"
                    wrapMode: Text.Wrap
                }
            }

            SectionTitle {
                text: qsTr("Penugasan")
            }
            PickerField {
                id: teamPicker
                objectName: "teamPicker"
                Layout.fillWidth: true
                label: qsTr("Tim Kerja")
                placeholder: qsTr("Pilih tim")
                options: [{ id: "", name: qsTr("Tanpa tim (tugas individu)") }].concat(form.teamOptions)
                currentId: form.teamId
                error: page.errorOf("teamId")
                emptyText: qsTr("Tidak ada tim aktif pada tanggal mulai.")
                onPicked: function(id) { form.teamId = id; }
            }
            PickerField {
                id: skpPicker
                objectName: "skpPicker"
                Layout.fillWidth: true
                label: qsTr("Rencana Hasil Kerja (butir SKP)")
                placeholder: qsTr("Pilih butir SKP")
                options: form.skpItemOptions
                currentId: form.skpItemId
                error: page.errorOf("skpItemId")
                emptyText: qsTr("Tim ini tidak terhubung dengan butir SKP Anda. Pilih tim lain atau hubungi Ketua Tim.")
                onPicked: function(id) { form.skpItemId = id; }
            }

            SectionTitle {
                text: qsTr("Kegiatan")
            }
            Label {
                text: qsTr("Nama kegiatan")
                font.pixelSize: 13
                color: "#616161"
            }
            TextField {
                id: nameField
                objectName: "nameField"
                Layout.fillWidth: true
                text: form.name
                placeholderText: qsTr("Misalnya: Verifikasi usul kenaikan pangkat")
                onTextChanged: if (text !== form.name) form.name = text
            }
            FieldError {
                objectName: "nameError"
                text: page.errorOf("name")
            }

            Label {
                text: qsTr("Jumlah hasil")
                font.pixelSize: 13
                color: "#616161"
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                TextField {
                    id: quantityField
                    objectName: "quantityField"
                    Layout.preferredWidth: 120
                    text: form.outputQuantity > 0 ? String(form.outputQuantity).replace(".", ",") : ""
                    placeholderText: "0"
                    inputMethodHints: Qt.ImhFormattedNumbersOnly
                    validator: RegularExpressionValidator { regularExpression: /[0-9]{0,6}([.,][0-9]{0,2})?/ }
                    onTextEdited: form.outputQuantity = page.parseQuantity(text)
                }
                Label {
                    objectName: "unitLabel"
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignBottom
                    Layout.bottomMargin: 12
                    text: form.outputUnit !== "" ? form.outputUnit : qsTr("(satuan mengikuti butir SKP)")
                    color: form.outputUnit !== "" ? Material.foreground : "#9E9E9E"
                    font.pixelSize: 16
                    wrapMode: Text.Wrap
                }
            }
            FieldError {
                text: [page.errorOf("outputQuantity"), page.errorOf("outputUnit")].filter(function(t) { return t !== ""; }).join("\n")
            }

            GridLayout {
                Layout.fillWidth: true
                columns: column.width >= 480 ? 2 : 1
                columnSpacing: 16
                DateTimeField {
                    objectName: "startField"
                    Layout.fillWidth: true
                    label: qsTr("Mulai")
                    value: form.start
                    error: page.errorOf("start")
                    onEdited: function(value) { form.start = value; }
                }
                DateTimeField {
                    objectName: "endField"
                    Layout.fillWidth: true
                    label: qsTr("Selesai")
                    value: form.end
                    error: page.errorOf("end")
                    onEdited: function(value) { form.end = value; }
                }
            }

            RowLayout {
                Layout.fillWidth: true
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Uraian")
                    font.pixelSize: 13
                    color: "#616161"
                }
                Label {
                    objectName: "descriptionCounter"
                    text: qsTr("%1 / %2").arg(form.descriptionLength).arg(form.descriptionMax)
                    font.pixelSize: 13
                    font.bold: form.descriptionLength > form.descriptionMax
                    color: form.descriptionLength > form.descriptionMax ? "#C62828"
                         : (form.descriptionLength >= form.descriptionMax * 0.9 ? "#E65100" : "#616161")
                }
            }
            TextArea {
                id: descriptionField
                objectName: "descriptionField"
                Layout.fillWidth: true
                Layout.minimumHeight: 110
                text: form.description
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("Apa yang dikerjakan, untuk siapa, dan hasilnya.")
                onTextChanged: if (text !== form.description) form.description = text
            }
            FieldError {
                objectName: "descriptionError"
                text: page.errorOf("description")
            }

            SectionTitle {
                text: qsTr("Bukti")
            }
            Flow {
                objectName: "photoStrip"
                Layout.fillWidth: true
                spacing: 8
                Repeater {
                    id: photoRepeater
                    model: form.photos
                    delegate: Item {
                        required property string modelData
                        required property int index
                        width: 96
                        height: 96
                        Image {
                            anchors.fill: parent
                            source: modelData
                            sourceSize.width: 192
                            sourceSize.height: 192
                            fillMode: Image.PreserveAspectCrop
                            asynchronous: true
                        }
                        RoundButton {
                            objectName: "removePhoto"
                            anchors.top: parent.top
                            anchors.right: parent.right
                            anchors.margins: -6
                            width: 36
                            height: 36
                            text: "✕"
                            font.pixelSize: 14
                            Material.background: "#424242"
                            Material.foreground: "white"
                            onClicked: form.removePhoto(index)
                        }
                    }
                }
                Button {
                    objectName: "cameraButton"
                    visible: camera.available
                    width: 96
                    height: 96
                    text: qsTr("Kamera")
                    onClicked: camera.item.open()
                }
                Button {
                    objectName: "pickPhoto"
                    width: camera.available ? 96 : 128
                    height: 96
                    text: qsTr("+ Foto")
                    onClicked: photoDialog.open()
                }
            }
            Label {
                Layout.fillWidth: true
                text: form.photos.length === 0 ? qsTr("Tambahkan minimal satu foto sebagai bukti kegiatan.")
                                               : qsTr("%n foto; diperkecil dan disimpan di perangkat.", "", form.photos.length)
                font.pixelSize: 13
                color: "#616161"
                wrapMode: Text.Wrap
            }
            FieldError {
                objectName: "evidenceError"
                text: page.errorOf("evidence")
            }

            RowLayout {
                Layout.fillWidth: true
                Label {
                    Layout.fillWidth: true
                    text: form.attachmentName !== "" ? qsTr("Dokumen: %1").arg(form.attachmentName)
                                                     : qsTr("Dokumen pendukung (opsional)")
                    elide: Text.ElideMiddle
                    color: form.attachmentName !== "" ? Material.foreground : "#616161"
                }
                Button {
                    text: form.attachmentName !== "" ? qsTr("Ganti") : qsTr("Lampirkan")
                    flat: true
                    onClicked: attachmentDialog.open()
                }
            }

            Switch {
                objectName: "locationSwitch"
                Layout.fillWidth: true
                text: qsTr("Sertakan lokasi saya")
                checked: App.locationAllowed
                onToggled: App.locationAllowed = checked
            }
            Label {
                Layout.fillWidth: true
                visible: App.locationAllowed
                text: form.hasLocation ? qsTr("Lokasi tercatat dan terlihat oleh Ketua Tim.")
                                       : qsTr("Lokasi belum tersedia. Kegiatan tetap bisa disimpan tanpa lokasi.")
                font.pixelSize: 13
                color: "#616161"
                wrapMode: Text.Wrap
            }
        }
    }

    footer: Pane {
        padding: 8
        Material.elevation: 4
        RowLayout {
            anchors.left: parent.left
            anchors.right: parent.right
            spacing: 8
            Button {
                objectName: "saveDraft"
                Layout.fillWidth: true
                Layout.preferredHeight: 52
                text: qsTr("Simpan draf")
                flat: true
                onClicked: page.finish(form.saveDraft())
            }
            Button {
                objectName: "submit"
                Layout.fillWidth: true
                Layout.preferredHeight: 52
                text: qsTr("Kirim")
                highlighted: true
                onClicked: page.finish(form.submit())
            }
        }
    }
}
