// SPDX-License-Identifier: Apache-2.0
// Argument parsing shared by jejak-admin commands: --name value / --name=value options and positionals.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::server {

/// A command's arguments, split.
struct AdminArgs {
    std::map<std::string, std::string, std::less<>>
        options; ///< by name without "--"; the last one given wins
    std::vector<std::string> positional;

    /// The option's value, or `fallback` when it was not given.
    [[nodiscard]] std::string option(std::string_view name, std::string_view fallback = {}) const;
    [[nodiscard]] bool has(std::string_view name) const { return options.find(name) != options.end(); }
};

/// Splits the option at args[i] ("--name=value", or "--name value", which moves i onto the value) into
/// `name` (without "--") and `value`. False when a final "--name" has no value (`name` is then set).
[[nodiscard]] bool splitAdminOption(const std::vector<std::string>& args, std::size_t& i, std::string& name,
                                    std::string& value);

/// Splits `args` into options (each must be one of `allowed`, names without "--", and take a value) and
/// positionals (at most `maxPositional`). On failure returns the reason ("unknown option --x", "missing
/// value for --data-dir", "unexpected argument 'b.json'") and leaves `out` partly filled.
[[nodiscard]] std::optional<std::string> parseAdminArgs(const std::vector<std::string>& args,
                                                        const std::vector<std::string_view>& allowed,
                                                        std::size_t maxPositional, AdminArgs& out);

/// The data directory of every admin command: --data-dir, default ./jejak-data.
inline constexpr std::string_view kDefaultDataDir = "./jejak-data";

} // namespace jejak::server
