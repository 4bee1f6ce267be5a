// SPDX-License-Identifier: Apache-2.0
// Case-insensitive header list and media-type parsing.
#include "http_message.hpp"

#include <algorithm>

namespace jejak::server {
namespace {

char lowerAscii(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

} // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lowerAscii(x) == lowerAscii(y); });
}

void HttpHeaders::add(std::string name, std::string value) { m_fields.emplace_back(std::move(name), std::move(value)); }

void HttpHeaders::set(std::string name, std::string value) {
    std::erase_if(m_fields, [&](const Field& f) { return equalsIgnoreCase(f.first, name); });
    add(std::move(name), std::move(value));
}

std::optional<std::string_view> HttpHeaders::find(std::string_view name) const noexcept {
    for (const auto& [fieldName, value] : m_fields) {
        if (equalsIgnoreCase(fieldName, name)) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

std::string mediaType(std::string_view contentType) {
    const auto semicolon = contentType.find(';');
    std::string_view type = contentType.substr(0, semicolon);
    while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) {
        type.remove_prefix(1);
    }
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
        type.remove_suffix(1);
    }
    std::string out(type);
    std::transform(out.begin(), out.end(), out.begin(), lowerAscii);
    return out;
}

} // namespace jejak::server
