# godwit_add_revision(<name> SOURCES <files...> [OUTPUT_DIRECTORY <dir>])
#
# Builds one revision plugin (a shared library holding one or many GODWIT_REVISION declarations) the way
# the godwit host expects it: hidden visibility (only the revision entry points are exported), every
# symbol resolved at link time (-Wl,--no-undefined, so a missing symbol fails the build instead of the
# deploy), no "lib" prefix, and the file placed in OUTPUT_DIRECTORY (default: the current binary dir).
# The ABI stamp is compiled in by the GODWIT_REVISION macro itself; the SHA-256 of each C++ source is
# computed at build time (see GodwitSourceSum.cmake) and stamped into the revisions it declares.

# Captured here: inside the function CMAKE_CURRENT_LIST_DIR is the caller's directory.
set(_GODWIT_SOURCE_SUM_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/GodwitSourceSum.cmake")

# Attaches to `source` a build-time command writing its checksum header, and compiles it with that header
# force-included. The command depends on the source alone, so editing the .cpp and rebuilding updates the
# stamp without re-running cmake. A source shared by several revision targets of one directory gets one
# command: its checksum is the same for all of them.
function(_godwit_stamp_source_checksum source)
  get_filename_component(absolute "${source}" ABSOLUTE)
  if(NOT absolute MATCHES "\\.(cpp|cc|cxx|c\\+\\+|C)$")
    return()
  endif()
  string(MD5 key "${absolute}")
  get_filename_component(stem "${absolute}" NAME_WE)
  set(header "${CMAKE_CURRENT_BINARY_DIR}/godwit_source_sums/${stem}-${key}.h")
  get_property(stamped DIRECTORY PROPERTY _GODWIT_STAMPED_SOURCES)
  if(NOT absolute IN_LIST stamped)
    set_property(DIRECTORY APPEND PROPERTY _GODWIT_STAMPED_SOURCES "${absolute}")
    add_custom_command(OUTPUT "${header}"
      COMMAND "${CMAKE_COMMAND}" "-DSOURCE=${absolute}" "-DOUTPUT=${header}" -P "${_GODWIT_SOURCE_SUM_SCRIPT}"
      DEPENDS "${absolute}" "${_GODWIT_SOURCE_SUM_SCRIPT}"
      COMMENT "Checksumming revision source ${stem}"
      VERBATIM)
    set_property(SOURCE "${absolute}" APPEND PROPERTY COMPILE_OPTIONS -include "${header}")
    set_property(SOURCE "${absolute}" APPEND PROPERTY OBJECT_DEPENDS "${header}")
  endif()
  set(_godwit_header "${header}" PARENT_SCOPE)
endfunction()

function(godwit_add_revision name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "godwit_add_revision(${name}): SOURCES is required")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  foreach(source IN LISTS ARG_SOURCES)
    set(_godwit_header "")
    _godwit_stamp_source_checksum("${source}")
    if(_godwit_header)
      # Listed as a source too, so every generator runs the command before compiling.
      target_sources(${name} PRIVATE "${_godwit_header}")
    endif()
  endforeach()
  if(TARGET Godwit::sdk)
    target_link_libraries(${name} PRIVATE Godwit::sdk)
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_compile_features(${name} PRIVATE cxx_std_17)
  target_link_options(${name} PRIVATE "LINKER:--no-undefined")
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  endif()
endfunction()
