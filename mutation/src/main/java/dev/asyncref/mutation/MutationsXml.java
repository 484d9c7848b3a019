package dev.asyncref.mutation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads PIT's {@code mutations.xml}. The JDK's own XML parser: the file is flat (one element per mutant with a
 * few text children), so no binding library would earn its place.
 */
final class MutationsXml {

    private MutationsXml() {}

    static List<Mutant> read(Path file) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList mutations = factory.newDocumentBuilder().parse(file.toFile()).getElementsByTagName("mutation");
            List<Mutant> mutants = new ArrayList<>();
            for (int i = 0; i < mutations.getLength(); i++) {
                Element mutation = (Element) mutations.item(i);
                mutants.add(new Mutant(text(mutation, "mutatedClass"), text(mutation, "mutatedMethod"),
                        Integer.parseInt(text(mutation, "lineNumber")), text(mutation, "mutator"),
                        text(mutation, "description"), mutation.getAttribute("status")));
            }
            return mutants;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("not a PIT mutations.xml: " + file, e);
        }
    }

    private static String text(Element mutation, String child) {
        return mutation.getElementsByTagName(child).item(0).getTextContent().strip();
    }
}
