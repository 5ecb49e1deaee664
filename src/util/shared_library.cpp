#include "util/shared_library.h"

#include <dlfcn.h>

#include "util/error.h"

namespace berth {

SharedLibrary::SharedLibrary(std::string soname, std::string package)
    : soname_(std::move(soname)), handle_(::dlopen(soname_.c_str(), RTLD_NOW | RTLD_LOCAL)) {
  if (!handle_)
    throw Error("cannot load " + soname_ + " (install the " + package +
                " package): " + ::dlerror());
}

SharedLibrary::~SharedLibrary() { ::dlclose(handle_); }

void* SharedLibrary::symbol(const char* name) const {
  ::dlerror();
  void* address = ::dlsym(handle_, name);
  if (const char* failure = ::dlerror())
    throw Error("cannot find " + std::string(name) + " in " + soname_ + ": " + failure);
  return address;
}

}  // namespace berth
