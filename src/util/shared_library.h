#pragma once

#include <string>

namespace berth {

// A shared library opened with dlopen, for dependencies only a few commands
// use: linked normally, every start of berth would pay for mapping and
// relocating them and everything they pull in.
class SharedLibrary {
 public:
  // Throws Error naming the library (and the package that provides it) when
  // it cannot be opened.
  SharedLibrary(std::string soname, std::string package);
  ~SharedLibrary();
  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;

  // The address of `name`; throws Error naming the library when it is missing.
  void* symbol(const char* name) const;

  // Typed: `function<decltype(&::curl_easy_init)>("curl_easy_init")`.
  template <typename Function>
  Function function(const char* name) const {
    return reinterpret_cast<Function>(symbol(name));
  }

 private:
  std::string soname_;
  void* handle_;
};

}  // namespace berth

// For a table of a library's functions made from an X-macro list of names:
// one member per function, typed by the library's own header, and its lookup
// into a local `api` from a local `library`.
#define BERTH_LIBRARY_MEMBER(name) decltype(&::name) name;
#define BERTH_LIBRARY_RESOLVE(name) api.name = library.function<decltype(&::name)>(#name);
