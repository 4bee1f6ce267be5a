// SPDX-License-Identifier: Apache-2.0
// jejak-field: the headless field client (see docs/field-client.md).
#include "jejak/field/commands.hpp"

#include <iostream>

int main(int argc, char** argv) {
    return jejak::field::runFieldClient(std::vector<std::string>(argv + 1, argv + argc), std::cin, std::cout,
                                        std::cerr);
}
