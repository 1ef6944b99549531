# godwit_add_revision(<name> SOURCES <files...> [OUTPUT_DIRECTORY <dir>])
#
# Builds one revision plugin (a shared library holding one or many GODWIT_REVISION declarations) the way
# the godwit host expects it: hidden visibility (only the revision entry points are exported), every
# symbol resolved at link time (-Wl,--no-undefined, so a missing symbol fails the build instead of the
# deploy), no "lib" prefix, and the file placed in OUTPUT_DIRECTORY (default: the current binary dir).
# The ABI stamp is compiled in by the GODWIT_REVISION macro itself.
function(godwit_add_revision name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "godwit_add_revision(${name}): SOURCES is required")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
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
