namespace FreeTickets.Plugins.Dataset.Svhn;

/// <summary>One SVHN data file: where it is published, how to recognise it and how many images it holds.</summary>
/// <param name="Name">The file name in <c>&lt;data root&gt;/svhn/</c> (<c>train_32x32.mat</c>).</param>
/// <param name="Uri">The canonical download address.</param>
/// <param name="Md5">Lowercase hex MD5 of the published file.</param>
/// <param name="Count">Images (and labels) the file must hold.</param>
internal sealed record SvhnFile(string Name, Uri Uri, string Md5, int Count);
