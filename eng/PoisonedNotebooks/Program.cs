using PoisonedNotebooks;

// eng/check-poisoned-notebooks.sh's helper.
//   poison ROOT                     wrap every answer region of the course copy at ROOT in Poison.Apply (in place)
//   compare RIGHT-RUN POISONED-RUN LIBRARY-XML  compare two folders of executed notebooks (backprop run --out); exit 1 on a problem
switch (args)
{
    case ["poison", string root]:
        foreach (var (file, regions) in Poisoner.Run(root))
        {
            Console.WriteLine($"poisoned {regions,2} answer regions in {Path.GetRelativePath(root, file)}");
        }

        return 0;
    case ["compare", string right, string poisoned, string libraryXml]:
        var result = Comparer.Run(right, poisoned, libraryXml);
        result.Lines.ForEach(Console.WriteLine);
        result.Problems.ForEach(p => Console.Error.WriteLine($"check-poisoned-notebooks: {p}"));
        return result.Problems.Count == 0 ? 0 : 1;
    default:
        Console.Error.WriteLine("usage: PoisonedNotebooks poison ROOT | compare RIGHT-RUN POISONED-RUN LIBRARY-XML");
        return 2;
}
