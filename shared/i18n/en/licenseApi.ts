const licenseApi = {
};
export default licenseApi;
