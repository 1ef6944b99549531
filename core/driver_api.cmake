# The interface between the host and database drivers (include/godwit/driver): header-only, so drivers never
# link the core. Installed as the component `driver` of the GodwitSdk package, so a driver can be built out of
# tree: `find_package(GodwitSdk REQUIRED COMPONENTS driver)`, then godwit_add_driver (cmake/GodwitDriver.cmake).
# Only include/godwit/driver is installed: its headers include the SDK and the standard library, never
# godwit/core (tests/install builds every one of them against the installed prefix alone).
add_library(godwit_driver_api INTERFACE)
add_library(Godwit::driver ALIAS godwit_driver_api)
target_include_directories(godwit_driver_api INTERFACE
  $<BUILD_INTERFACE:${CMAKE_CURRENT_LIST_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_link_libraries(godwit_driver_api INTERFACE godwit_sdk)
set_target_properties(godwit_driver_api PROPERTIES EXPORT_NAME driver)

install(DIRECTORY ${CMAKE_CURRENT_LIST_DIR}/include/godwit/driver DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/godwit
  COMPONENT driver FILES_MATCHING PATTERN "*.hpp")
install(TARGETS godwit_driver_api EXPORT GodwitDriverTargets COMPONENT driver)
install(EXPORT GodwitDriverTargets NAMESPACE Godwit:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/GodwitSdk
  COMPONENT driver)
