#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace berth::runtime {

struct ResolvedUser {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups from /etc/group
  std::string home = "/";
};

// Resolves docker's user syntax ("", name, uid, name:group, uid:gid) against the
// text of the image's /etc/passwd and /etc/group (either may be empty). A name that
// is not found is an error; a numeric id need not exist.
ResolvedUser resolve_user(const std::string& user, const std::string& passwd_text,
                          const std::string& group_text);

}  // namespace berth::runtime
