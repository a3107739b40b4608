using System;
using System.Collections.Generic;
using System.IO;
using HvDsl.Generators.Tests.Infrastructure;

namespace HvDsl.Generators.Tests.Packaging;

/// <summary>
/// The HvDsl and HvDsl.Runtime packages packed into a temporary feed, with a NuGet.config that adds it to nuget.org
/// and a private packages folder, so restoring them never touches the machine's caches.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(6);

    /// <summary>Packs both packages; throws with the pack output when packing fails.</summary>
    public PackedFeed()
    {
        Root = Directory.CreateTempSubdirectory("hvdsl-pack-").FullName;
        var feed = Path.Combine(Root, "feed");
        Environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(Root, "packages"),
            ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(Root, "http-cache"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var project in new[] { "src/HvDsl.Runtime", "src/HvDsl" })
        {
            var (exit, output) = DotNet.Run(SpecLibrary.Root, Environment, PackTimeout,
                "pack", project, "-c", "Release", "-o", feed, "--disable-build-servers", "-nodeReuse:false");
            if (exit != 0) throw new InvalidOperationException($"dotnet pack {project} failed:\n{output}");
        }
        File.WriteAllText(Path.Combine(Root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>The temporary folder: the feed, the packages folder, the NuGet.config; consumer projects go beneath it.</summary>
    public string Root { get; }

    /// <summary>Environment for every dotnet call: the private packages and HTTP cache folders.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Creates a fresh console project under <see cref="Root"/> that references HvDsl with one PackageReference.</summary>
    public string CreateConsumer(string name, IReadOnlyDictionary<string, string> files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="HvDsl" Version="0.1.0" />
              </ItemGroup>
            </Project>
            """);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return folder;
    }

    /// <summary>Deletes the feed, the packages and the consumer projects.</summary>
    public void Dispose() => Directory.Delete(Root, recursive: true);
}
