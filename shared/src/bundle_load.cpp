// SPDX-License-Identifier: Apache-2.0
// Loading a reference-data bundle: decode strictly, parse NIPs, check integrity (bundle.hpp).
#include "jejak/shared/bundle.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/shared/nip.hpp"

#include <fstream>
#include <iterator>

namespace jejak::shared {

BundleLoad loadBundle(std::string_view jsonText) {
    BundleLoad load;
    auto document = parseJson(jsonText);
    if (!document) {
        load.problems.push_back(std::move(document).error());
        return load;
    }
    Bundle bundle;
    if (!decodeAll(*document, bundle, load.problems))
        return load;

    for (const Employee& employee : bundle.employees) {
        if (auto nip = parseNip(employee.nip); !nip) {
            Error problem = std::move(nip).error();
            problem.field = "employees[" + employee.nip + "].nip";
            load.problems.push_back(std::move(problem));
        }
    }
    auto integrity = checkBundle(bundle);
    load.problems.insert(load.problems.end(), std::make_move_iterator(integrity.begin()),
                         std::make_move_iterator(integrity.end()));
    load.bundle = std::move(bundle);
    return load;
}

BundleLoad loadBundleFile(const std::string& path) {
    BundleLoad unreadable;
    unreadable.problems.emplace_back(ErrorCode::StorageIo, path, "cannot read the bundle file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return unreadable;
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad())
        return unreadable;
    return loadBundle(text);
}

std::string formatProblems(const std::vector<Error>& problems) {
    std::string text;
    for (const Error& problem : problems) {
        text += toString(problem);
        text += '\n';
    }
    return text;
}

} // namespace jejak::shared
