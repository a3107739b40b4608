using System;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>A suite directory written to a temporary folder, deleted on dispose.</summary>
internal sealed class TemporarySuite : IDisposable
{
    public TemporarySuite(string metadataJson)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("conformance-").FullName;
        File.WriteAllText(System.IO.Path.Combine(Directory, "metadata.json"), metadataJson);
        File.WriteAllText(System.IO.Path.Combine(Directory, "revocation_list.txt"), "# comment\nbad0\n");
    }

    public string Directory { get; }

    /// <summary>Writes <paramref name="json"/> gzipped as <c>opcode.json.gz</c>; returns its path.</summary>
    public string Add(string opcode, string json)
    {
        string path = System.IO.Path.Combine(Directory, opcode + ".json.gz");
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(json));
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
