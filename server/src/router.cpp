// SPDX-License-Identifier: Apache-2.0
// Pattern parsing, matching with literal-over-parameter precedence, and the 404/405 decision.
#include "router.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;

void RouteParams::add(std::string name, std::string value) { m_values.emplace_back(std::move(name), std::move(value)); }

std::string_view RouteParams::get(std::string_view name) const noexcept {
    for (const auto& [key, value] : m_values) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

namespace {

/// Splits "/a/b" into {"a", "b"} and "/" into {""}. `path` starts with '/'.
std::vector<std::string_view> splitPath(std::string_view path) {
    std::vector<std::string_view> parts;
    path.remove_prefix(1);
    for (;;) {
        const auto slash = path.find('/');
        parts.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) {
            return parts;
        }
        path.remove_prefix(slash + 1);
    }
}

int hexValue(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percentDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) {
            return std::nullopt;
        }
        const int hi = hexValue(text[i + 1]);
        const int lo = hexValue(text[i + 2]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

bool validParamName(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

Result<std::vector<Router::Segment>> parsePattern(std::string_view pattern) {
    if (pattern.empty() || pattern.front() != '/') {
        return Error(ErrorCode::InvalidArgument, "pattern", "route pattern must start with '/'");
    }
    std::vector<Router::Segment> segments;
    if (pattern == "/") {
        segments.push_back({});
        return segments;
    }
    for (std::string_view part : splitPath(pattern)) {
        if (part.empty()) {
            return Error(ErrorCode::InvalidArgument, "pattern", "empty segment in " + std::string(pattern));
        }
        if (part.front() == '{') {
            if (part.back() != '}' || !validParamName(part.substr(1, part.size() - 2))) {
                return Error(ErrorCode::InvalidArgument, "pattern", "bad parameter in " + std::string(pattern));
            }
            segments.push_back({std::string(part.substr(1, part.size() - 2)), true});
        } else if (part.find_first_of("{}") != std::string_view::npos) {
            return Error(ErrorCode::InvalidArgument, "pattern", "stray brace in " + std::string(pattern));
        } else {
            segments.push_back({std::string(part), false});
        }
    }
    return segments;
}

bool sameShape(const std::vector<Router::Segment>& a, const std::vector<Router::Segment>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Router::Segment& x, const Router::Segment& y) {
        return x.isParam == y.isParam && (x.isParam || x.text == y.text);
    });
}

/// True when `a` is more specific than `b` (same length, both match the path): at the first position
/// where one has a literal and the other a parameter, the literal wins.
bool moreSpecific(const Router::Route& a, const Router::Route& b) {
    for (std::size_t i = 0; i < a.segments.size(); ++i) {
        if (a.segments[i].isParam != b.segments[i].isParam) {
            return !a.segments[i].isParam;
        }
    }
    return false;
}

/// Matches the split path against a route; fills params on success.
bool matches(const Router::Route& route, const std::vector<std::string_view>& parts, RouteParams* params) {
    if (route.segments.size() != parts.size()) {
        return false;
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const Router::Segment& s = route.segments[i];
        if (!s.isParam) {
            if (s.text != parts[i]) {
                return false;
            }
            continue;
        }
        if (parts[i].empty()) {
            return false;
        }
        auto decoded = percentDecode(parts[i]);
        if (!decoded) {
            return false;
        }
        if (params != nullptr) {
            params->add(s.text, std::move(*decoded));
        }
    }
    return true;
}

} // namespace

Result<void> Router::add(std::string method, std::string_view pattern, Handler handler, RouteOptions options,
                         LiveOpener live) {
    if (method.empty()) {
        return Error(ErrorCode::InvalidArgument, "method", "route method is empty");
    }
    if (!handler) {
        return Error(ErrorCode::InvalidArgument, "handler", "route handler is empty");
    }
    auto segments = parsePattern(pattern);
    if (!segments) {
        return std::move(segments).error();
    }
    for (const Route& r : m_routes) {
        if (r.method == method && sameShape(r.segments, *segments)) {
            return Error(ErrorCode::InvalidArgument, "pattern",
                         "route " + method + " " + std::string(pattern) + " duplicates " + r.label);
        }
    }
    Route route;
    route.label = method + " " + std::string(pattern);
    route.method = std::move(method);
    route.pattern = std::string(pattern);
    route.segments = std::move(*segments);
    route.handler = std::move(handler);
    route.options = options;
    route.live = std::move(live);
    m_routes.push_back(std::move(route));
    return {};
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
    Match result;
    if (path.empty() || path.front() != '/') {
        return result;
    }
    const std::vector<std::string_view> parts = splitPath(path);
    const Route* best = nullptr;
    std::set<std::string_view> otherMethods;
    for (const Route& r : m_routes) {
        if (!matches(r, parts, nullptr)) {
            continue;
        }
        if (r.method != method) {
            otherMethods.insert(r.method);
        } else if (best == nullptr || moreSpecific(r, *best)) {
            best = &r;
        }
    }
    if (best != nullptr) {
        result.kind = Match::Kind::Found;
        result.route = best;
        matches(*best, parts, &result.params);
        return result;
    }
    if (!otherMethods.empty()) {
        result.kind = Match::Kind::MethodNotAllowed;
        for (std::string_view m : otherMethods) {
            if (!result.allow.empty()) {
                result.allow += ", ";
            }
            result.allow += m;
        }
    }
    return result;
}

} // namespace jejak::server
