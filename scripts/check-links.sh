#!/usr/bin/env bash
# Checks by hand that the documentation stands alone (run from anywhere: ./scripts/check-links.sh):
#   1. every Markdown link `](target)` in the tracked *.md files that names a file resolves to a file or folder of
#      the repository, and a `#fragment` names a heading of its target (GitHub's slugs);
#   2. no tracked text file points outside the repository: into the shared folder beside a clone, or at the
#      workplace's absolute paths (the pattern is spelled in pieces so this script does not match itself).
# Web links (http, https, mailto) are not followed. Prints each problem; exits 1 if there is any.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
problems=0

# The GitHub anchors of a Markdown file's headings, one a line.
slugs() {
  sed -n 's/^#\{1,6\} \{1,\}//p' "$1" \
    | tr '[:upper:]' '[:lower:]' \
    | sed -e 's/[^a-z0-9 _-]//g' -e 's/ /-/g'
}

while IFS= read -r file; do
  dir=$(dirname "$file")
  # Links inside code spans and fences are not links: drop fenced blocks, then inline code.
  while IFS= read -r link; do
    target=${link%%#*}
    fragment=""
    [[ $link == *"#"* ]] && fragment=${link#*#}
    case $target in http:*|https:*|mailto:*) continue ;; esac
    if [[ -z $target ]]; then
      resolved=$file
    else
      resolved="$dir/$target"
      if [[ ! -e $resolved ]]; then
        echo "$file: ($link): $target does not exist"
        problems=$((problems + 1))
        continue
      fi
    fi
    if [[ -n $fragment && $resolved == *.md ]] && ! slugs "$resolved" | grep -qxF -- "$fragment"; then
      echo "$file: ($link): no heading of $resolved has the anchor #$fragment"
      problems=$((problems + 1))
    fi
  done < <(awk '/^```/ { fenced = !fenced; next } !fenced' "$file" | sed 's/`[^`]*`//g' \
             | grep -oE '\]\([^) ]+\)' | sed -e 's/^](//' -e 's/)$//' || true)
done < <(git ls-files '*.md')

# Nothing may point outside the repository.
parent='\.\.'
outside_pattern="$parent/share[d]|/wor[k]/"
if outside=$(git ls-files | grep -vE '\.(so|dll|zip|onnx|png|jpg)$' | xargs grep -nE "$outside_pattern" 2>/dev/null); then
  echo "$outside" | sed 's/^/points outside the repository: /'
  problems=$((problems + $(echo "$outside" | wc -l)))
fi

if ((problems > 0)); then
  echo "$problems problem(s)"
  exit 1
fi
echo "links ok: every file link resolves inside the repository, and nothing points outside it"
