// SPDX-License-Identifier: Apache-2.0
// jejak-server entry point; everything else is in jejak_server_lib (server_main.cpp).
#include "server_main.hpp"

int main(int argc, char** argv) { return jejak::server::runServerMain(argc, argv); }
