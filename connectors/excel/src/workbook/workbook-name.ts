/** The workbook's file name, for the suggested token name ("Excel - <workbook>"). */
export async function readWorkbookName(
  run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>,
): Promise<string> {
  return run(async (context) => {
    context.workbook.load("name");
    await context.sync();
    return context.workbook.name || "Workbook";
  });
}
