# godwit_add_driver(<name> SOURCES <files...> [OUTPUT_NAME <file name>] [OUTPUT_DIRECTORY <dir>])
#
# Builds one database driver plugin (a shared library declaring itself with GODWIT_DRIVER and defining
# godwit_driver_entry, see godwit/driver/driver.hpp) the way the godwit host expects it: linked against the
# driver API (Godwit::driver, which brings the SDK), hidden visibility, every symbol resolved at link time
# (-Wl,--no-undefined), a version script exporting only godwit_driver_entry and the RTTI of the SDK's
# exception types (GodwitDriver.map), no "lib" prefix (OUTPUT_NAME, default <name>: <name>.so), and the file
# placed in OUTPUT_DIRECTORY (default: the current binary dir). Link the database's client library yourself.
# Out of tree: find_package(GodwitSdk REQUIRED COMPONENTS driver).

# Captured here: inside the function CMAKE_CURRENT_LIST_DIR is the caller's directory.
set(_GODWIT_DRIVER_EXPORTS "${CMAKE_CURRENT_LIST_DIR}/GodwitDriver.map")

function(godwit_add_driver name)
  cmake_parse_arguments(ARG "" "OUTPUT_NAME;OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "godwit_add_driver(${name}): SOURCES is required")
  endif()
  if(NOT TARGET Godwit::driver)
    message(FATAL_ERROR "godwit_add_driver(${name}): no Godwit::driver target; "
      "use find_package(GodwitSdk REQUIRED COMPONENTS driver)")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Godwit::driver)
  target_compile_features(${name} PRIVATE cxx_std_17)
  target_link_options(${name} PRIVATE "LINKER:--no-undefined" "LINKER:--version-script=${_GODWIT_DRIVER_EXPORTS}")
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS "${_GODWIT_DRIVER_EXPORTS}")
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_NAME)
    set_target_properties(${name} PROPERTIES OUTPUT_NAME "${ARG_OUTPUT_NAME}")
  endif()
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  endif()
endfunction()
