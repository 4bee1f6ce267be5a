# SPDX-License-Identifier: Apache-2.0
# Refuses in-source builds: they litter the tree and break the presets' binary directories.
if(CMAKE_SOURCE_DIR STREQUAL CMAKE_BINARY_DIR)
    message(FATAL_ERROR "In-source builds are not supported. Use a preset: cmake --preset dev")
endif()

find_program(JEJAK_CCACHE ccache)
if(JEJAK_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${JEJAK_CCACHE}" CACHE STRING "compiler launcher")
endif()
