// SPDX-License-Identifier: Apache-2.0
// Plain HTTP request and response values: what handlers and the router see instead of Beast types.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jejak::server {

/// True when a and b are equal ignoring ASCII case (HTTP header names, media types, tokens).
[[nodiscard]] bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept;

/// An ordered list of header fields with case-insensitive lookup. Names keep the spelling they were
/// added with; a name may occur more than once (add), or be replaced as a whole (set).
class HttpHeaders {
public:
    using Field = std::pair<std::string, std::string>;

    /// Appends a field, keeping any earlier ones of the same name.
    void add(std::string name, std::string value);
    /// Replaces every field of this name by one field.
    void set(std::string name, std::string value);
    /// The value of the first field of this name, or nullopt.
    [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const noexcept;
    [[nodiscard]] bool contains(std::string_view name) const noexcept { return find(name).has_value(); }
    [[nodiscard]] const std::vector<Field>& fields() const noexcept { return m_fields; }

private:
    std::vector<Field> m_fields;
};

/// One complete HTTP request as the transport received it.
struct HttpRequest {
    std::string method;        ///< as sent, e.g. "GET" (HTTP methods are case-sensitive)
    std::string target;        ///< the path of the request target, raw (not percent-decoded), e.g. "/v1/health"
    std::string query;         ///< the part after '?', raw, without the '?'; empty when there is none
    HttpHeaders headers;
    std::string body;
    std::string remoteAddress; ///< the peer's IP address, e.g. "127.0.0.1"
};

/// One HTTP response. The transport adds Content-Length, Connection and Server itself.
struct HttpResponse {
    unsigned status = 200;
    std::string contentType;   ///< Content-Type; omitted when empty
    std::string body;
    HttpHeaders headers;       ///< extra header fields, e.g. Allow, Retry-After
};

/// The media type of a Content-Type value, lower-cased, without parameters: "Application/JSON; charset=utf-8"
/// gives "application/json".
[[nodiscard]] std::string mediaType(std::string_view contentType);

} // namespace jejak::server
