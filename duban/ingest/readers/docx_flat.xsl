<?xml version="1.0" encoding="UTF-8"?>
<!-- Flattens a .docx body in C (libxslt) into text with control-character separators, so the Python
     side only splits strings. Separators are Unicode noncharacters, which no document text uses:
     U+FDD0 starts a block (P or T), U+FDD1 a row, U+FDD2 a cell as span U+FDD3 merge U+FDD3 text,
     U+FDD4 ends a block. Paragraphs inside a cell are joined with a line feed. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:strip-space elements="*"/>

  <xsl:template match="/">
    <xsl:apply-templates select="w:document/w:body"/>
  </xsl:template>

  <xsl:template match="w:body | w:sdt | w:sdtContent | w:customXml | w:ins | w:smartTag">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <xsl:template match="*"/>

  <xsl:template match="w:p">
    <xsl:text>&#xFDD0;P</xsl:text>
    <xsl:apply-templates select="." mode="text"/>
    <xsl:text>&#xFDD4;</xsl:text>
  </xsl:template>

  <xsl:template match="w:p" mode="text">
    <xsl:for-each select=".//w:t[not(ancestor::w:moveFrom)]"><xsl:value-of select="."/></xsl:for-each>
  </xsl:template>

  <xsl:template match="w:tbl">
    <xsl:text>&#xFDD0;T</xsl:text>
    <xsl:for-each select="w:tr | w:sdt/w:sdtContent/w:tr | w:customXml/w:tr">
      <xsl:text>&#xFDD1;</xsl:text>
      <xsl:value-of select="w:trPr/w:gridBefore/@w:val"/>
      <xsl:for-each select="w:tc | w:sdt/w:sdtContent/w:tc | w:customXml/w:tc">
        <xsl:text>&#xFDD2;</xsl:text>
        <xsl:value-of select="w:tcPr/w:gridSpan/@w:val"/>
        <xsl:text>&#xFDD3;</xsl:text>
        <xsl:if test="w:tcPr/w:vMerge">
          <xsl:choose>
            <xsl:when test="w:tcPr/w:vMerge/@w:val = 'restart'">r</xsl:when>
            <xsl:otherwise>c</xsl:otherwise>
          </xsl:choose>
        </xsl:if>
        <xsl:text>&#xFDD3;</xsl:text>
        <xsl:for-each select=".//w:p">
          <xsl:if test="position() > 1"><xsl:text>&#10;</xsl:text></xsl:if>
          <xsl:apply-templates select="." mode="text"/>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:text>&#xFDD4;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
