#include "godwit/core/log/logging.hpp"

#include <boost/core/null_deleter.hpp>
#include <boost/log/attributes/constant.hpp>
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/log/sources/record_ostream.hpp>
#include <boost/log/sources/severity_logger.hpp>
#include <boost/log/support/date_time.hpp>
#include <boost/log/utility/setup/common_attributes.hpp>
#include <boost/smart_ptr/make_shared_object.hpp>
#include <fstream>
#include <iostream>
#include <mutex>

#include "godwit/driver/secret_masker.hpp"

namespace godwit::core::log {

namespace {

namespace blog = boost::log;
namespace expr = boost::log::expressions;
namespace sinks = boost::log::sinks;

BOOST_LOG_ATTRIBUTE_KEYWORD(severity, "Severity", Level)
BOOST_LOG_ATTRIBUTE_KEYWORD(component, "Component", std::string)
BOOST_LOG_ATTRIBUTE_KEYWORD(timestamp, "TimeStamp", boost::posix_time::ptime)

using TextSink = sinks::synchronous_sink<sinks::text_ostream_backend>;

Level g_level = Level::info;
std::mutex g_mutex;

const char* level_name(Level level) {
  switch (level) {
    case Level::debug:
      return "DEBUG";
    case Level::info:
      return "INFO ";
    case Level::warning:
      return "WARN ";
    case Level::error:
      return "ERROR";
  }
  return "?";
}

boost::shared_ptr<TextSink> make_sink(boost::shared_ptr<std::ostream> stream, bool with_time) {
  auto backend = boost::make_shared<sinks::text_ostream_backend>();
  backend->add_stream(stream);
  backend->auto_flush(true);
  auto sink = boost::make_shared<TextSink>(backend);
  if (with_time) {
    sink->set_formatter(expr::stream << expr::format_date_time(timestamp, "%Y-%m-%d %H:%M:%S.%f") << " "
                                     << expr::attr<std::string>("LevelName") << " [godwit." << component
                                     << "] " << expr::smessage);
  } else {
    sink->set_formatter(expr::stream << expr::attr<std::string>("LevelName") << " [godwit." << component
                                     << "] " << expr::smessage);
  }
  return sink;
}

}  // namespace

void init(const Settings& settings) {
  std::lock_guard<std::mutex> lock(g_mutex);
  auto core = blog::core::get();
  core->remove_all_sinks();
  blog::add_common_attributes();
  g_level = settings.level;
  boost::shared_ptr<std::ostream> console(&std::clog, boost::null_deleter());
  core->add_sink(make_sink(console, false));
  if (settings.file) {
    auto file = boost::make_shared<std::ofstream>(*settings.file, std::ios::app);
    if (!*file) {
      std::clog << "WARN  [godwit.log] cannot open log file " << settings.file->string() << "\n";
    } else {
      core->add_sink(make_sink(file, true));
    }
  }
}

bool enabled(Level level) {
  return level >= g_level;
}

void write(Level level, std::string_view component_name, std::string_view message) {
  if (!enabled(level)) return;
  static thread_local blog::sources::severity_logger<Level> logger;
  blog::record record = logger.open_record(blog::keywords::severity = level);
  if (!record) return;
  record.attribute_values().insert("Component",
                                   blog::attributes::make_attribute_value(std::string(component_name)));
  record.attribute_values().insert("LevelName",
                                   blog::attributes::make_attribute_value(std::string(level_name(level))));
  blog::record_ostream stream(record);
  stream << driver::mask_secrets(message);
  stream.flush();
  logger.push_record(std::move(record));
}

}  // namespace godwit::core::log
