#!/bin/sh
# dpgaudit scan: dependencies from the manifests of item 11 (Elixir, Dart,
# R, Godot, Gradle Kotlin DSL and version catalogs, Swift, CocoaPods,
# .NET), read by the one reader the license analyzer uses too; manifests
# found and not read are said and never leave indicator 4 met; known
# commercial packages are flagged.
. "$(dirname "$0")/lib.sh"

verdict() { sql "SELECT verdict FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }
reason() { sql "SELECT reason FROM verdicts WHERE scan_id = $1 AND indicator = '$2'"; }
deps() { sql "SELECT group_concat(value, ' ') FROM (SELECT value FROM findings WHERE scan_id=$1 AND kind='$2' ORDER BY path, line)"; }

# 1. a Phoenix app with Oban Pro: flagged, and its license from mix.exs
mkdir -p ex/lib
cat >ex/mix.exs <<'TXT'
defmodule Clinic.MixProject do
  use Mix.Project

  def project do
    [app: :clinic, version: "0.4.0", package: [licenses: ["Apache-2.0"]], deps: deps()]
  end

  defp deps do
    [
      {:phoenix, "~> 1.7.10"},
      {:ecto_sql, "~> 3.10"},
      {:oban_pro, "~> 1.2", repo: "oban"},
      {:credo, "~> 1.7", only: [:dev, :test], runtime: false}
    ]
  end
end
TXT
run dpgaudit scan ex
expect_eq "$(deps 1 dependency)" "hex:phoenix@~> 1.7.10 hex:ecto_sql@~> 3.10 hex:oban_pro@~> 1.2" "1: mix.exs runtime dependencies"
expect_eq "$(deps 1 dev-dependency)" "hex:credo@~> 1.7" "1: only: [:dev, :test] is development"
expect_eq "$(deps 1 license-manifest)" "Apache-2.0" "1: the license from the same read"
expect_eq "$(verdict 1 4)" review "1: Oban Pro: review"
expect_out "1 closed or source-available component: hex:oban_pro@~> 1.2 \\(mix.exs:12\\)" "1: the commercial package is named"

# 2. a Flutter app: Firebase and Syncfusion; an R package; a Godot game
mkdir -p flutter rpkg godot
cat >flutter/pubspec.yaml <<'TXT'
name: field_survey
license: BSD-3-Clause
dependencies:
  flutter:
    sdk: flutter
  firebase_core: ^2.24.2
  syncfusion_flutter_charts: ^24.1.41
  http: ^1.1.0
dev_dependencies:
  flutter_lints: ^3.0.0
TXT
run dpgaudit scan flutter
expect_eq "$(deps 2 dependency)" "pub:firebase_core@^2.24.2 pub:syncfusion_flutter_charts@^24.1.41 pub:http@^1.1.0" "2: pubspec.yaml"
expect_eq "$(sql "SELECT group_concat(value, ' ') FROM (SELECT value FROM findings WHERE scan_id=2 AND kind='rule' AND indicator='4' ORDER BY value)")" \
	"commercial-packages firebase" "2: Firebase and Syncfusion flagged"
cat >rpkg/DESCRIPTION <<'TXT'
Package: surveytools
Version: 0.3.1
License: MIT + file LICENSE
Depends: R (>= 4.1), methods
Imports: httr (>= 1.4.0), jsonlite,
    sf
Suggests: testthat (>= 3.0.0)
TXT
run dpgaudit scan rpkg
expect_eq "$(deps 3 dependency)" "cran:httr@>= 1.4.0 cran:jsonlite cran:sf" "3: R Imports, base packages left out"
expect_eq "$(verdict 3 4)" met "3: R package with open dependencies: met"
expect_out "3 runtime dependencies read from 1 manifest" "3: says what was read"
printf '[application]\nconfig/name="Flood Game"\n\n[editor_plugins]\nenabled=PackedStringArray("res://addons/dialogic/plugin.cfg")\n' >godot/project.godot
run dpgaudit scan godot
expect_eq "$(deps 4 dependency)" "godot:dialogic" "4: Godot plugins"

# 3. Android with the Kotlin DSL and a version catalog; iOS with Swift
# packages and CocoaPods
mkdir -p mobile/app/src mobile/gradle mobile/ios
cat >mobile/app/build.gradle.kts <<'TXT'
dependencies {
    implementation(platform(libs.firebase.bom))
    implementation("com.google.android.gms:play-services-maps:18.2.0")
    implementation(libs.retrofit)
    testImplementation("junit:junit:4.13.2")
}
TXT
cat >mobile/gradle/libs.versions.toml <<'TXT'
[versions]
firebaseBom = "32.7.0"

[libraries]
firebase-bom = { group = "com.google.firebase", name = "firebase-bom", version.ref = "firebaseBom" }
retrofit = { module = "com.squareup.retrofit2:retrofit", version = "2.9.0" }
TXT
cat >mobile/ios/Package.swift <<'TXT'
let package = Package(
    name: "Survey",
    dependencies: [
        .package(url: "https://github.com/firebase/firebase-ios-sdk.git", from: "10.19.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.5.3"),
    ]
)
TXT
printf "platform :ios, '14.0'\ntarget 'Survey' do\n  pod 'GoogleMaps', '~> 8.4'\nend\n" >mobile/ios/Podfile
run dpgaudit scan mobile
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=5 AND kind='dependency'")" 6 "5: Gradle, the catalog, Swift and CocoaPods"
expect_eq "$(sql "SELECT count(DISTINCT path) FROM findings WHERE scan_id=5 AND kind='rule' AND indicator='4'")" 4 \
	"5: Firebase and Google Maps flagged in every ecosystem"

# 4. manifests found and not read: never met
mkdir -p sbt cmake
printf '{ "name": "web", "dependencies": { "react": "18.2.0" } }\n' >sbt/package.json
printf 'libraryDependencies += "org.mongodb.scala" %%%% "mongo-scala-driver" %% "4.11.0"\n' >sbt/build.sbt
run dpgaudit scan sbt
expect_eq "$(verdict 6 4)" review "6: one manifest read, one not: review"
expect_eq "$(reason 6 4)" "1 manifest found and not read: build.sbt (a manifest dpgaudit does not read); the dependencies read flag nothing" "6: which one is said"
printf "requires 'Plack', '1.0';\n" >cmake/cpanfile
mkdir -p cmake/third_party/x && printf 'x\n' >cmake/third_party/x/cpanfile
run dpgaudit scan cmake
expect_eq "$(sql "SELECT count(*) FROM findings WHERE scan_id=7 AND kind='manifest-unread'")" 2 "7: both cpanfiles are recorded"
expect_out "1 manifest found and not read: cpanfile" "7: the vendored one does not count"
# a package.json that is no JSON
mkdir broken
printf '{ "name": "x", "dependencies": { "react": ' >broken/package.json
run dpgaudit scan broken
expect_eq "$(verdict 8 4)" review "8: an unreadable manifest: review"
expect_out "package.json \\(not valid JSON\\)" "8: why it was not read"
finish
