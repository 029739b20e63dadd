#include "server/background_loop.hpp"

#include <Poco/Exception.h>

#include <chrono>

#include "regal/core/text.hpp"

namespace regal::server {

BackgroundLoop::BackgroundLoop(int interval_ms, const Logger& log, std::string name,
                               std::function<void()> task)
    : interval_ms_(interval_ms), log_(log), name_(std::move(name)), task_(std::move(task)) {
  if (interval_ms_ > 0) thread_ = std::thread([this] { run(); });
}

BackgroundLoop::~BackgroundLoop() { stop(); }

void BackgroundLoop::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundLoop::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      task_();
    } catch (const Poco::Exception& e) {
      log_.warn("background_task_failed",
                {{"task", name_}, {"detail", redact_driver_message(e.displayText())}});
    } catch (const std::exception& e) {
      log_.warn("background_task_failed",
                {{"task", name_}, {"detail", redact_driver_message(e.what())}});
    }
    lock.lock();
    wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; });
  }
}

}  // namespace regal::server
