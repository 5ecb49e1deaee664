#pragma once

#include <map>
#include <string>

#include "spec/interpolation.h"

namespace berth::spec {

using Environment = std::map<std::string, std::string>;

// Parses compose's dotenv syntax: comments, `export `, unquoted values (inline
// ` #` comments stripped), 'single' (literal) and "double" quotes (escapes,
// may span lines), and $VAR / ${VAR...} references in unquoted and double-quoted
// values, resolved through `lookup` and then the variables defined above.
// `file_name` only labels errors.
Environment parse_dotenv(const std::string& text, const std::string& file_name,
                         const VariableLookup& lookup);

// Reads and parses a file; throws Error naming it when it cannot be read.
Environment read_dotenv_file(const std::string& path, const VariableLookup& lookup);

}  // namespace berth::spec
