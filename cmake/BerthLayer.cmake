# One static library per layer, built from every .cpp in its folder, so a layer's
# files can be added without touching the build; layers with no sources yet are
# interface libraries that still carry their dependencies.
function(berth_layer name)
  cmake_parse_arguments(LAYER "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(FILTER sources EXCLUDE REGEX ".*/main[^/]*\\.cpp$")
  set(target berth_${name})
  if(sources)
    add_library(${target} STATIC ${sources})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/src)
    target_link_libraries(${target} PUBLIC ${LAYER_DEPS})
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/src)
    target_link_libraries(${target} INTERFACE ${LAYER_DEPS})
  endif()
  add_library(berth::${name} ALIAS ${target})
endfunction()
