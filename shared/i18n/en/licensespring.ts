const licensespring = {
};
export default licensespring;
