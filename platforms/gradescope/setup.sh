#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's
# image. mpgrade itself comes in the zip, built for Linux x86-64; all it
# needs from the image is python3.
set -eu

if ! command -v python3 >/dev/null 2>&1; then
	apt-get update
	apt-get install -y --no-install-recommends python3
fi

chmod +x /autograder/source/mpgrade /autograder/source/run_autograder
# Fails the image build now, rather than every grading later, when the
# binary does not run here.
/autograder/source/mpgrade help >/dev/null
python3 --version
