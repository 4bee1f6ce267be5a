// SPDX-License-Identifier: Apache-2.0
// Formatting helpers shared by the pages: dates, numbers and byte counts in the app's language.
.pragma library

function locale(language) {
    return Qt.locale(language === "en" ? "en_GB" : "id_ID");
}

// "15 Mar 2023 08.00" (Indonesian) / "15 Mar 2023 08:00" (English); "" for an invalid date.
function dateTime(value, language) {
    if (!value || isNaN(value.getTime()))
        return "";
    return value.toLocaleString(locale(language), language === "en" ? "d MMM yyyy HH:mm" : "d MMM yyyy HH.mm");
}

function time(value, language) {
    if (!value || isNaN(value.getTime()))
        return "";
    return value.toLocaleString(locale(language), language === "en" ? "HH:mm" : "HH.mm");
}

// "08.00–10.30, 15 Mar 2023" when start and end are on one day, else both full.
function range(start, end, language) {
    if (!start || isNaN(start.getTime()))
        return "";
    if (!end || isNaN(end.getTime()))
        return dateTime(start, language);
    if (start.toDateString() === end.toDateString())
        return time(start, language) + "–" + time(end, language) + ", "
            + start.toLocaleString(locale(language), "d MMM yyyy");
    return dateTime(start, language) + " – " + dateTime(end, language);
}

function number(value, decimals, language) {
    return Number(value).toLocaleString(locale(language), "f", decimals);
}

// Quantity without a useless ",0": 3 -> "3", 2.5 -> "2,5".
function quantity(value, language) {
    return number(value, Math.round(value) === value ? 0 : 1, language);
}

function bytes(value, language) {
    if (value < 1024)
        return value + " B";
    if (value < 1024 * 1024)
        return number(value / 1024, 0, language) + " KB";
    return number(value / (1024 * 1024), 1, language) + " MB";
}

// Thumbnail URL of an evidence photo: the provider's /thumb for server images, the file itself otherwise.
function thumb(url) {
    var text = String(url);
    return text.indexOf("image://evidence/") === 0 ? text + "/thumb" : text;
}

// Colour of a record's sync state (the chip and the card's edge).
function syncColor(state) {
    switch (state) {
    case "draft": return "#616161";
    case "queued": return "#8D6E00";
    case "uploading": return "#1565C0";
    case "synced": return "#2E7D32";
    case "returned": return "#E65100";
    case "rejected": return "#B71C1C";
    case "error": return "#C62828";
    }
    return "#616161";
}

function workflowColor(state) {
    switch (state) {
    case "submitted": return "#1565C0";
    case "approved": return "#2E7D32";
    case "rated": return "#00695C";
    case "returned": return "#E65100";
    case "rejected": return "#B71C1C";
    }
    return "#616161";
}
