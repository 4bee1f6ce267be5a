// SPDX-License-Identifier: Apache-2.0
// jejak-admin argument splitting.
#include "admin/admin_args.hpp"

#include <algorithm>

namespace jejak::server {

std::string AdminArgs::option(std::string_view name, std::string_view fallback) const {
    const auto it = options.find(name);
    return std::string(it == options.end() ? fallback : std::string_view(it->second));
}

bool splitAdminOption(const std::vector<std::string>& args, std::size_t& i, std::string& name,
                      std::string& value) {
    name = args[i].substr(2);
    if (const auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name.resize(eq);
        return true;
    }
    if (i + 1 < args.size()) {
        value = args[++i];
        return true;
    }
    return false;
}

std::optional<std::string> parseAdminArgs(const std::vector<std::string>& args,
                                          const std::vector<std::string_view>& allowed,
                                          std::size_t maxPositional, AdminArgs& out) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (!arg.starts_with("--")) {
            if (out.positional.size() >= maxPositional)
                return "unexpected argument '" + arg + "'";
            out.positional.push_back(arg);
            continue;
        }
        std::string name;
        std::string value;
        if (!splitAdminOption(args, i, name, value))
            return "missing value for --" + name;
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
            return "unknown option --" + name;
        out.options[name] = std::move(value);
    }
    return std::nullopt;
}

} // namespace jejak::server
