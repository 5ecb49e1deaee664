# Every dependency is a Debian 12 package; a missing one stops configure with the
# package to install, so a newcomer never has to guess.
find_package(PkgConfig REQUIRED)

set(BERTH_MISSING_PACKAGES "")

function(berth_pkg target module debian_package)
  pkg_check_modules(${target} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT ${target}_FOUND)
    set(BERTH_MISSING_PACKAGES "${BERTH_MISSING_PACKAGES} ${debian_package}" PARENT_SCOPE)
  endif()
endfunction()

function(berth_cmake_package name debian_package)
  find_package(${name} QUIET CONFIG)
  if(NOT ${name}_FOUND)
    set(BERTH_MISSING_PACKAGES "${BERTH_MISSING_PACKAGES} ${debian_package}" PARENT_SCOPE)
  endif()
endfunction()

berth_pkg(YAMLCPP yaml-cpp libyaml-cpp-dev)
berth_pkg(LIBNL libnl-3.0 libnl-3-dev)
berth_pkg(LIBNL_ROUTE libnl-route-3.0 libnl-route-3-dev)
berth_pkg(LIBMNL libmnl libmnl-dev)
berth_pkg(LIBNFTNL libnftnl libnftnl-dev)
berth_pkg(SQLITE3 sqlite3 libsqlite3-dev)
berth_pkg(LIBSECCOMP libseccomp libseccomp-dev)
berth_pkg(LIBCURL libcurl libcurl4-openssl-dev)
berth_pkg(OPENSSL openssl libssl-dev)
berth_pkg(LIBARCHIVE libarchive libarchive-dev)
berth_cmake_package(spdlog libspdlog-dev)
berth_cmake_package(nlohmann_json nlohmann-json3-dev)
berth_cmake_package(CLI11 libcli11-dev)
berth_cmake_package(boost_graph libboost-graph-dev)
if(BERTH_TESTS)
  berth_cmake_package(GTest "libgtest-dev libgmock-dev")
endif()
if(BERTH_BENCH)
  berth_cmake_package(benchmark libbenchmark-dev)
endif()

if(BERTH_MISSING_PACKAGES)
  message(FATAL_ERROR "berth: missing build dependencies; install them with:\n"
                      "  apt-get install${BERTH_MISSING_PACKAGES}")
endif()

# Every command starts a process, and on this VM loading a shared library costs
# about half a millisecond and the shared libstdc++ two: berth and berth-dns
# take what they can statically. spdlog and fmt come as headers, their compiled
# parts built in src/util (log_backend.cpp, format_backend.cpp), as libspdlog.so
# and libfmt.so would load the shared libstdc++ again; the libraries Debian
# ships an archive of are linked from it; see also berth_static_runtime().
find_package(Threads REQUIRED)
add_library(berth_spdlog INTERFACE)
target_compile_definitions(berth_spdlog INTERFACE SPDLOG_COMPILED_LIB SPDLOG_FMT_EXTERNAL)
target_include_directories(berth_spdlog SYSTEM INTERFACE
  $<TARGET_PROPERTY:spdlog::spdlog,INTERFACE_INCLUDE_DIRECTORIES>)
target_link_libraries(berth_spdlog INTERFACE Threads::Threads)

# Links a pkg-config package from its static archive when there is one, with
# the libraries the archive needs (pkg-config --static).
function(berth_prefer_archive target)
  get_target_property(libraries PkgConfig::${target} INTERFACE_LINK_LIBRARIES)
  set(items "")
  foreach(library IN LISTS libraries)
    string(REGEX REPLACE "\\.so$" ".a" archive "${library}")
    if(EXISTS "${archive}")
      list(APPEND items "${archive}")
    else()
      list(APPEND items "${library}")
    endif()
  endforeach()
  foreach(name IN LISTS ${target}_STATIC_LIBRARIES)
    if(NOT "${name}" IN_LIST ${target}_LIBRARIES)
      list(APPEND items "${name}")
    endif()
  endforeach()
  set_target_properties(PkgConfig::${target} PROPERTIES INTERFACE_LINK_LIBRARIES "${items}")
endfunction()

foreach(target YAMLCPP LIBNL LIBNL_ROUTE LIBNFTNL SQLITE3 LIBSECCOMP)
  berth_prefer_archive(${target})
endforeach()

# The C++ runtime built into berth's executables, except under the sanitizers,
# whose runtimes expect the shared one (the tests read this switch too).
if(BERTH_SANITIZE)
  set(BERTH_STATIC_RUNTIME OFF)
else()
  set(BERTH_STATIC_RUNTIME ON)
endif()
function(berth_static_runtime target)
  if(BERTH_STATIC_RUNTIME)
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
  endif()
endfunction()
