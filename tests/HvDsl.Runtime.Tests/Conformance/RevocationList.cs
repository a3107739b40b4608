using System;
using System.Collections.Generic;
using System.IO;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>A suite's <c>revocation_list.txt</c>: hashes of tests found bad upstream, one a line, <c>#</c> comments.</summary>
internal static class RevocationList
{
    public static HashSet<string> Load(string path)
    {
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
            return hashes;
        foreach (string line in File.ReadLines(path))
        {
            string hash = line.Trim();
            if (hash.Length > 0 && hash[0] != '#')
                hashes.Add(hash);
        }
        return hashes;
    }
}
