using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace FreeTickets.Native;

/// <summary>
/// Makes TorchSharp's native bridge load on Linux systems whose libstdc++ is older than the one it was built
/// against. Call <see cref="EnsureLoaded"/> once, before the first use of <c>torch</c>, in every process (hosts and
/// test projects; plugins never need to).
/// </summary>
/// <remarks>
/// <para>libLibTorchSharp.so in TorchSharp 0.107 declares a need for <c>GLIBCXX_3.4.32</c> only for a marker symbol that
/// no relocation uses, so Debian 12 (GLIBCXX_3.4.30) refuses to load it and TorchSharp reports a misleading
/// "doesn't contain a reference to libtorch" error. When, and only when, the dynamic loader names missing symbol
/// versions, this class writes a copy of the library into a cache folder with exactly those version requirements
/// marked weak (<c>VER_FLG_WEAK</c> in <c>.gnu.version_r</c>), links the sibling libtorch libraries next to it so that
/// <c>$ORIGIN</c> lookups still work, loads it, and routes TorchSharp's <c>LibTorchSharp</c> imports to it.</para>
/// <para>Where the library loads as shipped (a newer libstdc++, Windows, macOS) this is a no-op. Missing libraries
/// or any other loader error are left for TorchSharp to report.</para>
/// <para>The same call applies the process-wide native settings that must come before the first tensor (malloc tuning,
/// oneMKL's vendor dispatch, libtorch's log level and NNPACK) and reports all of them as a <see cref="NativeSetup"/>.</para>
/// </remarks>
public static partial class TorchNative
{
    private const string BridgeName = "LibTorchSharp";
    private const string BridgeFile = "libLibTorchSharp.so";
    private static readonly Lock _gate = new();
    private static bool _done;

    private static BridgeLoad _bridge = BridgeLoad.NotLoaded;
    private static MklDispatch _mkl = MklDispatch.NotLoaded;
    private static AllocatorTuning _allocator = AllocatorTuning.NotLoaded;

    /// <summary>
    /// What <see cref="EnsureLoaded"/> did so far: every part <c>NotLoaded</c> before it runs. The libtorch warnings part
    /// follows <see cref="NativeWarnings.Show"/> when that is called after loading.
    /// </summary>
    public static NativeSetup Setup
    {
        get
        {
            lock (_gate)
            {
                return new NativeSetup(_bridge, _mkl, _allocator, NativeWarnings.Nnpack, NativeWarnings.Warnings);
            }
        }
    }

    /// <summary>
    /// Whether an on/off switch variable's value (<c>FREETICKETS_MKL_INTEL_PATH</c>, <c>FREETICKETS_MALLOC_TUNING</c>) asks
    /// to leave a native setting alone: <c>off</c>, <c>0</c>, <c>false</c> or <c>no</c>, in any case.
    /// </summary>
    internal static bool IsSwitchedOff(string? value) =>
        value?.Trim().ToLowerInvariant() is "off" or "0" or "false" or "no";

    /// <summary>
    /// Ensures libLibTorchSharp can be loaded (see remarks on <see cref="TorchNative"/>) and applies the native settings;
    /// returns what it did (<see cref="Setup"/>). Safe to call many times and from several threads. Throws
    /// <see cref="InvalidOperationException"/> with the loader's message when the library cannot be loaded even after
    /// patching.
    /// </summary>
    public static NativeSetup EnsureLoaded()
    {
        lock (_gate)
        {
            if (!_done)
            {
                // Before libtorch allocates anything.
                _allocator = NativeAllocatorTuning.Apply();
                _bridge = LoadCore();
                // Before the first matrix product: MKL decides its kernels once.
                var directory = _bridge.LibTorchFolderKnown
                    ? Path.GetDirectoryName(FindBridge(typeof(TorchSharp.torch).Assembly))
                    : null;
                _mkl = directory is null ? new MklDispatch(MklDispatchState.AsIs, $"bridge {_bridge}") : MklVendorDispatch.Apply(directory);
                // Before the first convolution: NNPACK's failure to initialise is printed there.
                NativeWarnings.Apply(directory);
                _done = true;
            }
        }

        return Setup;
    }

    private static BridgeLoad LoadCore()
    {
        if (!OperatingSystem.IsLinux())
        {
            return BridgeLoad.Of(BridgeLoadMode.NotLinux);
        }

        var torchAssembly = typeof(TorchSharp.torch).Assembly;
        if (NativeLibrary.TryLoad(BridgeName, torchAssembly, null, out _))
        {
            return BridgeLoad.Of(BridgeLoadMode.AsShipped);
        }

        var original = FindBridge(torchAssembly);
        if (original is null)
        {
            // Nothing we can fix: let TorchSharp produce its own diagnostics.
            return BridgeLoad.Of(BridgeLoadMode.NotFound);
        }

        var missing = new SortedSet<string>(StringComparer.Ordinal);
        string? lastError = TryLoad(original, out _);
        for (var attempt = 0; attempt < 8 && lastError is not null; attempt++)
        {
            var versions = MissingVersions(lastError);
            if (versions.Count == 0 || versions.IsSubsetOf(missing))
            {
                break;
            }

            missing.UnionWith(versions);
            var patched = WritePatchedCopy(original, missing);
            lastError = TryLoad(patched, out var handle);
            if (lastError is null)
            {
                RouteImports(torchAssembly, handle);
                return new BridgeLoad(BridgeLoadMode.Patched, [.. missing], patched);
            }
        }

        if (lastError is not null && missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{BridgeFile} cannot be loaded even with symbol versions {string.Join(", ", missing)} marked weak: {lastError}");
        }

        // Some other loader problem (for example a missing libtorch): TorchSharp reports it on first use.
        return BridgeLoad.Of(BridgeLoadMode.Unpatchable);
    }

    private static string? TryLoad(string path, out IntPtr handle)
    {
        try
        {
            handle = NativeLibrary.Load(path);
            return null;
        }
        catch (DllNotFoundException ex)
        {
            handle = IntPtr.Zero;
            return ex.Message;
        }
        catch (BadImageFormatException ex)
        {
            handle = IntPtr.Zero;
            return ex.Message;
        }
    }

    private static void RouteImports(Assembly torchAssembly, IntPtr handle)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(torchAssembly, (name, _, _) =>
                name is BridgeName or "libLibTorchSharp" or BridgeFile ? handle : IntPtr.Zero);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(
                "TorchSharp already has a DllImport resolver; call TorchNative.EnsureLoaded() before any other code sets one.", ex);
        }
    }

    /// <summary>Symbol versions named by a dynamic-loader error ("version `GLIBCXX_3.4.32' not found").</summary>
    internal static SortedSet<string> MissingVersions(string loaderMessage)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in MissingVersionRegex().Matches(loaderMessage))
        {
            set.Add(m.Groups[1].Value);
        }

        return set;
    }

    [GeneratedRegex(@"version [`'‘]([A-Za-z0-9_.]+)['’] not found")]
    private static partial Regex MissingVersionRegex();

    private static string? FindBridge(Assembly torchAssembly)
    {
        var dirs = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirs)
        {
            dirs.AddRange(searchDirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        foreach (var baseDir in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(torchAssembly.Location) })
        {
            if (!string.IsNullOrEmpty(baseDir))
            {
                dirs.Add(baseDir);
                dirs.Add(Path.Combine(baseDir, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"));
                dirs.Add(Path.Combine(baseDir, "runtimes", "linux-x64", "native"));
            }
        }

        return dirs.Select(d => Path.Combine(d, BridgeFile)).FirstOrDefault(File.Exists);
    }

    private static string CacheRoot()
    {
        var overridden = Environment.GetEnvironmentVariable("FREETICKETS_NATIVE_CACHE");
        if (!string.IsNullOrEmpty(overridden))
        {
            return overridden;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrEmpty(xdg) ? xdg
            : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache")
            : Path.GetTempPath();
        return Path.Combine(root, "freetickets-bench", "native");
    }

    private static string WritePatchedCopy(string original, IReadOnlySet<string> weakVersions)
    {
        var bytes = File.ReadAllBytes(original);
        var sourceDir = Path.GetDirectoryName(Path.GetFullPath(original))!;

        // One folder per (library content, source folder, versions): the symlinks point into the source folder.
        var key = Convert.ToHexString(SHA256.HashData(
            [.. bytes, .. System.Text.Encoding.UTF8.GetBytes(sourceDir + "|" + string.Join(',', weakVersions))]))[..24].ToLowerInvariant();
        var target = Path.Combine(CacheRoot(), key);
        var targetLib = Path.Combine(target, BridgeFile);
        if (File.Exists(targetLib) && SiblingsIntact(target))
        {
            return targetLib;
        }

        var patched = ElfVersionPatcher.MarkVersionsWeak(bytes, weakVersions);
        Directory.CreateDirectory(CacheRoot());
        var staging = target + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            File.WriteAllBytes(Path.Combine(staging, BridgeFile), patched);
            foreach (var sibling in Directory.EnumerateFiles(sourceDir, "*.so*"))
            {
                var name = Path.GetFileName(sibling);
                if (name != BridgeFile)
                {
                    File.CreateSymbolicLink(Path.Combine(staging, name), sibling);
                }
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
        }
        catch (IOException) when (File.Exists(targetLib))
        {
            // Another process published the same folder first; theirs is identical.
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return targetLib;
    }

    private static bool SiblingsIntact(string folder) =>
        Directory.EnumerateFileSystemEntries(folder)
            .Select(p => new FileInfo(p))
            .All(f => f.LinkTarget is null || File.Exists(f.LinkTarget));
}
