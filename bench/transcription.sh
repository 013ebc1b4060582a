#!/usr/bin/env bash
# Transcription cost with generated Whisper models of the real tiny and base shapes (the encoder costs what the
# real model costs; decoding is capped at --max-tokens per 30 s window, 48 by default, about what French speech
# needs), on real French speech (the 10 FLEURS clips concatenated: 1.8 minutes).
#   1. real-time factor and peak memory per shape, threads 1 and 2 (median of N runs, default 3);
#   2. peak memory against recording length (10 min, 1 h, 3 h) with the minimal shape (SKIP_LENGTH=1 skips it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
dotnet build "$here/bench/Synthesis.Bench" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
bench=(dotnet "$here/bench/Synthesis.Bench/bin/Release/net10.0/Synthesis.Bench.dll")
for i in $(seq 0 9); do echo "file '$here/eval-data/speech/fleurs/fleurs-fr-00$i.ogg'"; done > "$tmp/list.txt"
ffmpeg -v error -y -f concat -safe 0 -i "$tmp/list.txt" -c:a libopus "$tmp/speech-2min.ogg"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read())['$1'])"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME")"
echo "audio: $(ffprobe -v error -show_entries format=duration -of csv=p=0 "$tmp/speech-2min.ogg") s of FLEURS French speech"
echo "shape threads median_rtf median_peak_mb files_per_hour(1 h recordings, 2 cores)"
for shape in tiny base; do
  for threads in 1 2; do
    rtfs=(); peaks=()
    for r in $(seq "$runs"); do
      out="$("${bench[@]}" transcribe --shape "$shape" --threads "$threads" --audio "$tmp/speech-2min.ogg")"
      rtfs+=("$(echo "$out" | field rtf)"); peaks+=("$(echo "$out" | field peak_mb)")
    done
    rtf=$(printf '%s\n' "${rtfs[@]}" | median); peak=$(printf '%s\n' "${peaks[@]}" | median)
    # With 2 threads one recording uses both cores; with 1 thread two recordings run side by side.
    fph=$(python3 -c "print(round((2 if $threads == 1 else 1) / $rtf, 1))")
    echo "$shape $threads $rtf $peak $fph"
  done
done

[[ -n "${SKIP_LENGTH:-}" ]] && exit 0
echo "recording_length peak_mb (minimal shape, 5-minute chunks)"
for minutes in 10 60 180; do
  ffmpeg -v error -y -f lavfi -i "sine=frequency=300:duration=$((minutes * 60)):sample_rate=8000" -c:a pcm_u8 "$tmp/long.wav"
  out="$("${bench[@]}" transcribe --shape minimal --threads 2 --max-tokens 2 --audio "$tmp/long.wav")"
  echo "${minutes}min $(echo "$out" | field peak_mb) (wall $(echo "$out" | field wall_s) s)"
  rm -f "$tmp/long.wav"
done
