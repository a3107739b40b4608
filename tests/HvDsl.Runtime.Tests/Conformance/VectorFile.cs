using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text.Json;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>Reads one gzipped JSON array of vectors (<c>OP.json.gz</c> or <c>OP.R.json.gz</c>).</summary>
internal static class VectorFile
{
    private const string Extension = ".json.gz";

    /// <summary>The opcode form a file holds: its name without <c>.json.gz</c>.</summary>
    public static string OpcodeOf(string path) => Path.GetFileName(path)[..^Extension.Length];

    /// <summary>The vector files of a suite directory, in name order.</summary>
    public static string[] In(string suiteDirectory)
    {
        string[] files = Directory.GetFiles(suiteDirectory, "*" + Extension);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    public static List<ConformanceVector> Load(string path)
    {
        string opcode = OpcodeOf(path);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using JsonDocument document = JsonDocument.Parse(gzip);
        var vectors = new List<ConformanceVector>(document.RootElement.GetArrayLength());
        foreach (JsonElement test in document.RootElement.EnumerateArray())
            vectors.Add(Parse(opcode, test));
        return vectors;
    }

    private static ConformanceVector Parse(string opcode, JsonElement test)
    {
        JsonElement bytes = test.GetProperty("bytes");
        var code = new byte[bytes.GetArrayLength()];
        int i = 0;
        foreach (JsonElement b in bytes.EnumerateArray())
            code[i++] = b.GetByte();
        ExpectedException? exception = test.TryGetProperty("exception", out JsonElement e)
            ? new ExpectedException(e.GetProperty("number").GetInt32(), e.GetProperty("flag_address").GetUInt32())
            : null;
        return new ConformanceVector(
            opcode,
            test.GetProperty("idx").GetInt32(),
            test.GetProperty("name").GetString() ?? "",
            code,
            ParseState(test.GetProperty("initial")),
            ParseState(test.GetProperty("final")),
            exception,
            test.GetProperty("hash").GetString() ?? "");
    }

    private static VectorState ParseState(JsonElement state)
    {
        var registers = new ushort?[VectorRegisters.Count];
        JsonElement regs = state.GetProperty("regs");
        for (var r = 0; r < VectorRegisters.Count; r++)
            if (regs.TryGetProperty(VectorRegisters.Name((VectorRegister)r), out JsonElement value))
                registers[r] = value.GetUInt16();
        var ram = new List<KeyValuePair<uint, byte>>();
        foreach (JsonElement pair in state.GetProperty("ram").EnumerateArray())
            ram.Add(new(pair[0].GetUInt32(), pair[1].GetByte()));
        return new VectorState(registers, ram);
    }
}
