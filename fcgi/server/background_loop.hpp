#pragma once
// BackgroundLoop — runs a task every `interval_ms` on its own thread until stop(); a task that
// throws is logged and retried next round. interval 0 = disabled (no thread).

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "regal/core/log.hpp"

namespace regal::server {

class BackgroundLoop {
 public:
  BackgroundLoop(int interval_ms, const Logger& log, std::string name, std::function<void()> task);
  ~BackgroundLoop();
  BackgroundLoop(const BackgroundLoop&) = delete;
  BackgroundLoop& operator=(const BackgroundLoop&) = delete;

  void stop();

 private:
  void run();

  int interval_ms_;
  const Logger& log_;
  std::string name_;
  std::function<void()> task_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace regal::server
