// SPDX-License-Identifier: Apache-2.0
// jejak-admin entry point; the commands are in jejak_server_lib (admin/admin.cpp).
#include "admin/admin.hpp"

int main(int argc, char** argv) {
    return jejak::server::runAdminMain(argc, argv);
}
